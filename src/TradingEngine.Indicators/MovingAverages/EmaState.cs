using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MovingAverages;

/// <summary>
/// Exponential moving average, streaming, O(1), no allocation at all (no window is needed).
/// <para>
/// Formula: EMA[t] = (x[t] − EMA[t−1]) · α + EMA[t−1], α = 2 / (N + 1) (TA-Lib's PER_TO_K, same operand order).
/// Seed: the simple mean of the first N inputs, summed left to right and divided by N (TA-Lib's default
/// compatibility mode, not Metastock's "first input" seed).
/// Lookback: N − 1 (TA-Lib's unstable period is 0 by default; the seed is the first output).
/// Checked against: TA-Lib 0.4 C core (npm talib 2.0.5), tests/reference/talib.json, within
/// 1e-9 × max(1, |ref|), and bit for bit against <see cref="MovingAverageBatch.Ema"/>.
/// </para>
/// </summary>
internal struct EmaState : ISeriesCore<EmaState>
{
    private double _k;
    private double _value;
    private int _period;
    private long _count;

    public static EmaState Create(int period)
    {
        PeriodGuard.Check(period, "EMA");
        return new EmaState { _period = period, _k = 2.0 / (double)(period + 1) };
    }

    public readonly int Period => _period;

    public readonly int Lookback => _period - 1;

    public readonly long Count => _count;

    public readonly bool IsReady => _count > Lookback;

    /// <summary>The smoothing factor α = 2 / (N + 1).</summary>
    public readonly double Alpha => _k;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double input, out double value)
    {
        var count = ++_count;
        if (count > _period)
        {
            _value = ((input - _value) * _k) + _value;
            value = _value;
            return true;
        }
        _value += input; // running sum of the seed window
        if (count < _period)
        {
            value = 0;
            return false;
        }
        _value /= _period;
        value = _value;
        return true;
    }

    public void Reset()
    {
        _value = 0;
        _count = 0;
    }

    public readonly int SnapshotSize => 2 + 4 + 8 + 8;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Ema);
        var offset = 2;
        SnapshotFormat.WriteInt32(destination, ref offset, _period);
        SnapshotFormat.WriteInt64(destination, ref offset, _count);
        SnapshotFormat.WriteDouble(destination, ref offset, _value);
        return offset;
    }

    public static EmaState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Ema);
        var offset = 2;
        var state = Create(SnapshotFormat.ReadInt32(source, ref offset));
        state._count = SnapshotFormat.ReadInt64(source, ref offset);
        state._value = SnapshotFormat.ReadDouble(source, ref offset);
        return state;
    }

    /// <summary>Runs as node kind <c>ema</c> (<see cref="SeriesNode{TCore}"/>).</summary>
    static SeriesKind ISeriesCore<EmaState>.Kind => new("ema", "Exponential moving average (TA-Lib conventions) of a number or a candle field.", null);

    static void ISeriesCore<EmaState>.Emit(NodeContext context, Timeframe timeframe, int period, double value) =>
        MovingAverageMessage.Emit(context, timeframe, MovingAverageKind.Ema, period, value);
}
