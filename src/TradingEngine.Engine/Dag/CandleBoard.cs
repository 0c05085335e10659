using System.Runtime.CompilerServices;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The candles a pipeline's nodes can read, one series per declared timeframe (index = position in
/// the pipeline's <c>timeframes:</c> list): the forming candle (updated in place on every tick), the
/// last closed candle, and the last external (pre-aggregated) candle of that timeframe. Forming and
/// closed candles are read straight from the symbol's <see cref="CandleAggregator"/>, so nothing is
/// copied per tick.
/// </summary>
public sealed class CandleBoard
{
    private readonly Candle[] _external;
    private readonly bool[] _hasExternal;

    /// <summary>A board over <paramref name="aggregator"/>, whose specs must be the pipeline's timeframes in order.</summary>
    public CandleBoard(CandleAggregator aggregator)
    {
        Aggregator = aggregator;
        Timeframes = new BarSpec[aggregator.SpecCount];
        for (var i = 0; i < Timeframes.Length; i++)
            Timeframes[i] = aggregator.Spec(i);
        _external = new Candle[Timeframes.Length];
        _hasExternal = new bool[Timeframes.Length];
    }

    /// <summary>The aggregation behind the board.</summary>
    public CandleAggregator Aggregator { get; }

    /// <summary>The declared series, in declaration order.</summary>
    public BarSpec[] Timeframes { get; }

    /// <summary>The forming candle of series <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly Candle Forming(int index) => ref Aggregator.Forming(index);

    /// <summary>Whether series <paramref name="index"/> has a forming candle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasForming(int index) => Aggregator.IsForming(index);

    /// <summary>The last closed candle of series <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly Candle Closed(int index) => ref Aggregator.LastClosed(index);

    /// <summary>Whether series <paramref name="index"/> has closed a candle yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasClosed(int index) => Aggregator.HasClosed(index);

    /// <summary>The last external candle whose timeframe is that of series <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly Candle External(int index) => ref _external[index];

    /// <summary>Whether an external candle has arrived for series <paramref name="index"/>.</summary>
    public bool HasExternal(int index) => _hasExternal[index];

    /// <summary>Index of <paramref name="spec"/>, or -1 when it is not declared.</summary>
    public int IndexOf(BarSpec spec) => Array.IndexOf(Timeframes, spec);

    /// <summary>The series an external candle of <paramref name="timeframe"/> is shown in (the first plain time series of that timeframe), or -1.</summary>
    public int ExternalIndexOf(Timeframe timeframe)
    {
        for (var i = 0; i < Timeframes.Length; i++)
        {
            if (Timeframes[i].Kind == BarKind.Time && Timeframes[i].Timeframe == timeframe)
                return i;
        }
        return -1;
    }

    internal void SetExternal(int index, in Candle candle)
    {
        _external[index] = candle;
        _hasExternal[index] = true;
    }

    internal Span<Candle> ExternalStorage => _external;

    internal Span<bool> ExternalPresent => _hasExternal;
}
