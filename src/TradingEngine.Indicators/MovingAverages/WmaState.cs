using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MovingAverages;

/// <summary>
/// Linearly weighted moving average, streaming, O(1) per input, no allocation after <see cref="Create"/>.
/// <para>
/// Formula: WMA[t] = (N·x[t] + (N−1)·x[t−1] + … + 1·x[t−N+1]) / (N(N+1)/2).
/// Seed: none. Lookback: N − 1.
/// Arithmetic: TA-Lib's O(1) trick (ta_WMA.c): <c>periodSub</c> is the plain sum of the window and
/// <c>periodSum</c> the weighted sum; each input adds x·N to periodSum, the output is periodSum / divider,
/// then periodSum −= periodSub shifts every weight down by one. periodSub drops the oldest input one step
/// late (TA-Lib's <c>trailingValue</c>), which we reproduce so the output is bit-identical to TA-Lib.
/// Checked against: TA-Lib 0.4 C core (npm talib 2.0.5), tests/reference/talib.json, within
/// 1e-9 × max(1, |ref|), and bit for bit against <see cref="MovingAverageBatch.Wma"/>.
/// </para>
/// </summary>
internal struct WmaState : ISeriesCore<WmaState>
{
    private double[] _window;
    private double _periodSum;
    private double _periodSub;
    private double _trailingValue;
    private int _divider;
    private int _head;
    private long _count;

    public static WmaState Create(int period)
    {
        PeriodGuard.Check(period, "WMA");
        return new WmaState { _window = new double[period], _divider = (period * (period + 1)) >> 1 };
    }

    public readonly int Period => _window.Length;

    public readonly int Lookback => _window.Length - 1;

    public readonly long Count => _count;

    public readonly bool IsReady => _count > Lookback;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double input, out double value)
    {
        var window = _window;
        var period = window.Length;
        var head = _head;
        window[head] = input;
        if (++head == period)
            head = 0;
        _head = head;
        var count = ++_count;
        if (count < period)
        {
            _periodSub += input;
            _periodSum += input * (int)count;
            value = 0;
            return false;
        }
        _periodSub += input;
        _periodSub -= _trailingValue;
        _periodSum += input * period;
        _trailingValue = window[head]; // x[t−N+1], the oldest input of this window
        value = _periodSum / _divider;
        _periodSum -= _periodSub;
        return true;
    }

    public void Reset()
    {
        Array.Clear(_window);
        _periodSum = 0;
        _periodSub = 0;
        _trailingValue = 0;
        _head = 0;
        _count = 0;
    }

    public readonly int SnapshotSize => 2 + 4 + 4 + 8 + 8 * 3 + 8 * _window.Length;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Wma);
        var offset = 2;
        SnapshotFormat.WriteInt32(destination, ref offset, _window.Length);
        SnapshotFormat.WriteInt32(destination, ref offset, _head);
        SnapshotFormat.WriteInt64(destination, ref offset, _count);
        SnapshotFormat.WriteDouble(destination, ref offset, _periodSum);
        SnapshotFormat.WriteDouble(destination, ref offset, _periodSub);
        SnapshotFormat.WriteDouble(destination, ref offset, _trailingValue);
        foreach (var x in _window)
            SnapshotFormat.WriteDouble(destination, ref offset, x);
        return offset;
    }

    public static WmaState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Wma);
        var offset = 2;
        var state = Create(SnapshotFormat.ReadInt32(source, ref offset));
        state._head = SnapshotFormat.ReadInt32(source, ref offset);
        state._count = SnapshotFormat.ReadInt64(source, ref offset);
        state._periodSum = SnapshotFormat.ReadDouble(source, ref offset);
        state._periodSub = SnapshotFormat.ReadDouble(source, ref offset);
        state._trailingValue = SnapshotFormat.ReadDouble(source, ref offset);
        for (var i = 0; i < state._window.Length; i++)
            state._window[i] = SnapshotFormat.ReadDouble(source, ref offset);
        return state;
    }

    /// <summary>Runs as node kind <c>wma</c> (<see cref="SeriesNode{TCore}"/>).</summary>
    static SeriesKind ISeriesCore<WmaState>.Kind => new("wma", "Weighted moving average (TA-Lib conventions) of a number or a candle field.", null);

    static void ISeriesCore<WmaState>.Emit(NodeContext context, Timeframe timeframe, int period, double value) =>
        MovingAverageMessage.Emit(context, timeframe, MovingAverageKind.Wma, period, value);
}
