using System.Runtime.CompilerServices;

namespace TradingEngine.Indicators.Oscillators;

/// <summary>
/// Relative strength index (Wilder), streaming, O(1), no allocation.
/// <para>
/// Formula: d[t] = x[t] − x[t−1]; gain = max(d, 0), loss = max(−d, 0).
/// Seed: avgGain and avgLoss are the simple means of the first N gains and losses (inputs 1..N).
/// Smoothing (Wilder): avg = (avg·(N−1) + current) / N, computed as TA-Lib does (multiply, add, divide).
/// RSI = 100 · avgGain / (avgGain + avgLoss); 0 when avgGain + avgLoss is within ±1e-14 (TA_IS_ZERO).
/// Lookback: N (the first output comes with input N+1, the first difference needs a previous input).
/// Checked against: TA-Lib 0.4 C core (npm talib 2.0.5, ta_RSI.c, default compatibility, unstable period 0),
/// tests/reference/talib.json, within 1e-9 × max(1, |ref|), and bit for bit against <see cref="RsiBatch"/>.
/// (technicalindicators' RSI rounds to 2 decimals and is therefore not used as a reference.)
/// </para>
/// </summary>
public struct RsiState
{
    private const double Epsilon = 0.00000000000001;

    private double _prevValue;
    private double _avgGain;
    private double _avgLoss;
    private int _period;
    private long _count;

    public static RsiState Create(int period)
    {
        PeriodGuard.Check(period, "RSI");
        return new RsiState { _period = period };
    }

    public readonly int Period => _period;

    public readonly int Lookback => _period;

    public readonly long Count => _count;

    public readonly bool IsReady => _count > Lookback;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double input, out double value)
    {
        var count = _count++;
        var change = input - _prevValue;
        _prevValue = input;
        if (count > _period)
        {
            _avgLoss *= _period - 1;
            _avgGain *= _period - 1;
            if (change < 0)
                _avgLoss -= change;
            else
                _avgGain += change;
            _avgLoss /= _period;
            _avgGain /= _period;
        }
        else
        {
            if (count == 0)
            {
                value = 0;
                return false;
            }
            if (change < 0)
                _avgLoss -= change;
            else
                _avgGain += change;
            if (count < _period)
            {
                value = 0;
                return false;
            }
            _avgLoss /= _period;
            _avgGain /= _period;
        }
        var total = _avgGain + _avgLoss;
        value = (-Epsilon < total && total < Epsilon) ? 0.0 : 100.0 * (_avgGain / total);
        return true;
    }

    public void Reset()
    {
        _prevValue = 0;
        _avgGain = 0;
        _avgLoss = 0;
        _count = 0;
    }

    public readonly int SnapshotSize => 2 + 4 + 8 + 8 * 3;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Rsi);
        var offset = 2;
        SnapshotFormat.WriteInt32(destination, ref offset, _period);
        SnapshotFormat.WriteInt64(destination, ref offset, _count);
        SnapshotFormat.WriteDouble(destination, ref offset, _prevValue);
        SnapshotFormat.WriteDouble(destination, ref offset, _avgGain);
        SnapshotFormat.WriteDouble(destination, ref offset, _avgLoss);
        return offset;
    }

    public static RsiState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Rsi);
        var offset = 2;
        var state = Create(SnapshotFormat.ReadInt32(source, ref offset));
        state._count = SnapshotFormat.ReadInt64(source, ref offset);
        state._prevValue = SnapshotFormat.ReadDouble(source, ref offset);
        state._avgGain = SnapshotFormat.ReadDouble(source, ref offset);
        state._avgLoss = SnapshotFormat.ReadDouble(source, ref offset);
        return state;
    }
}
