using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MovingAverages;

/// <summary>
/// Simple moving average, streaming, O(1) per input, no allocation after <see cref="Create"/>.
/// <para>
/// Formula: SMA[t] = (x[t-N+1] + … + x[t]) / N.
/// Seed: none (the first output is the plain mean of the first N inputs).
/// Lookback: N − 1 (the first output comes with the N-th input), as TA_SMA_Lookback.
/// Arithmetic: TA-Lib's exact order (ta_SMA.c, TA_INT_SMA): a running <c>periodTotal</c> that adds the new
/// input, is divided by N for the output, then subtracts the oldest input of the window. Keeping that
/// order makes the output bit-identical to TA-Lib and to <see cref="MovingAverageBatch.Sma"/>.
/// Checked against: TA-Lib 0.4 C core (npm talib 2.0.5), tests/reference/talib.json, within
/// 1e-9 × max(1, |ref|) (bit-identical on every file so far), and bit for bit against the batch reference.
/// </para>
/// </summary>
internal struct SmaState : ISeriesCore<SmaState>
{
    private double[] _window;
    private double _periodTotal;
    private int _head;
    private long _count;

    public static SmaState Create(int period)
    {
        PeriodGuard.Check(period, "SMA");
        return new SmaState { _window = new double[period] };
    }

    public readonly int Period => _window.Length;

    /// <summary>Inputs consumed before the first output (TA-Lib lookback).</summary>
    public readonly int Lookback => _window.Length - 1;

    public readonly long Count => _count;

    public readonly bool IsReady => _count > Lookback;

    /// <summary>Feeds one input; returns true and the average once <see cref="Lookback"/> inputs have been seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double input, out double value)
    {
        var window = _window;
        var head = _head;
        window[head] = input;
        _periodTotal += input;
        if (++head == window.Length)
            head = 0;
        _head = head;
        if (++_count < window.Length)
        {
            value = 0;
            return false;
        }
        value = _periodTotal / window.Length;
        _periodTotal -= window[head]; // the oldest input of the window just averaged (TA-Lib's trailingIdx)
        return true;
    }

    public void Reset()
    {
        Array.Clear(_window);
        _periodTotal = 0;
        _head = 0;
        _count = 0;
    }

    public readonly int SnapshotSize => 2 + 4 + 4 + 8 + 8 + 8 * _window.Length;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Sma);
        var offset = 2;
        SnapshotFormat.WriteInt32(destination, ref offset, _window.Length);
        SnapshotFormat.WriteInt32(destination, ref offset, _head);
        SnapshotFormat.WriteInt64(destination, ref offset, _count);
        SnapshotFormat.WriteDouble(destination, ref offset, _periodTotal);
        foreach (var x in _window)
            SnapshotFormat.WriteDouble(destination, ref offset, x);
        return offset;
    }

    public static SmaState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Sma);
        var offset = 2;
        var state = Create(SnapshotFormat.ReadInt32(source, ref offset));
        state._head = SnapshotFormat.ReadInt32(source, ref offset);
        state._count = SnapshotFormat.ReadInt64(source, ref offset);
        state._periodTotal = SnapshotFormat.ReadDouble(source, ref offset);
        for (var i = 0; i < state._window.Length; i++)
            state._window[i] = SnapshotFormat.ReadDouble(source, ref offset);
        return state;
    }

    /// <summary>Runs as node kind <c>sma</c> (<see cref="SeriesNode{TCore}"/>).</summary>
    static SeriesKind ISeriesCore<SmaState>.Kind => new("sma", "Simple moving average (TA-Lib conventions) of a number or a candle field.", null);

    static void ISeriesCore<SmaState>.Emit(NodeContext context, Timeframe timeframe, int period, double value) =>
        MovingAverageMessage.Emit(context, timeframe, MovingAverageKind.Sma, period, value);
}
