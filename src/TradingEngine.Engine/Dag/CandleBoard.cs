using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The candles a pipeline's nodes can read, one entry per declared timeframe (index = position in
/// the pipeline's <c>timeframes:</c> list): the forming candle (updated in place on every tick), the
/// last closed candle and the last external (pre-aggregated) candle. Written by the candle
/// aggregation before the DAG runs; read by nodes through <see cref="NodeContext"/>.
/// </summary>
public sealed class CandleBoard
{
    /// <summary>Allocates the board for <paramref name="timeframes"/>.</summary>
    public CandleBoard(IReadOnlyList<Timeframe> timeframes)
    {
        Timeframes = timeframes.ToArray();
        Forming = new Candle[Timeframes.Length];
        Closed = new Candle[Timeframes.Length];
        External = new Candle[Timeframes.Length];
        HasForming = new bool[Timeframes.Length];
        HasClosed = new bool[Timeframes.Length];
        HasExternal = new bool[Timeframes.Length];
    }

    /// <summary>The declared timeframes, in declaration order.</summary>
    public Timeframe[] Timeframes { get; }

    /// <summary>The forming candle per timeframe.</summary>
    public Candle[] Forming { get; }

    /// <summary>The last closed candle per timeframe.</summary>
    public Candle[] Closed { get; }

    /// <summary>The last external candle per timeframe.</summary>
    public Candle[] External { get; }

    /// <summary>Whether <see cref="Forming"/> holds a candle.</summary>
    public bool[] HasForming { get; }

    /// <summary>Whether a candle has closed yet.</summary>
    public bool[] HasClosed { get; }

    /// <summary>Whether an external candle has arrived yet.</summary>
    public bool[] HasExternal { get; }

    /// <summary>Index of <paramref name="timeframe"/>, or -1 when it is not declared.</summary>
    public int IndexOf(Timeframe timeframe) => Array.IndexOf(Timeframes, timeframe);

    /// <summary>Forgets every candle (used before a snapshot restore).</summary>
    public void Clear()
    {
        Array.Clear(Forming);
        Array.Clear(Closed);
        Array.Clear(External);
        Array.Clear(HasForming);
        Array.Clear(HasClosed);
        Array.Clear(HasExternal);
    }
}
