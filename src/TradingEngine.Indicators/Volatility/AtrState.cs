using System.Runtime.CompilerServices;

namespace TradingEngine.Indicators.Volatility;

/// <summary>
/// Average true range (Wilder), streaming, O(1), no allocation.
/// <para>
/// Formula: TR[t] = max(high − low, |close[t−1] − high|, |close[t−1] − low|) (TA_TRANGE, same comparisons);
/// the first bar has no previous close and yields no true range.
/// Seed: the simple mean of the first N true ranges (bars 1..N), summed left to right.
/// Smoothing (Wilder): ATR = (ATR·(N−1) + TR) / N, as TA-Lib computes it (multiply, add, divide).
/// Lookback: N (the first output comes with bar N+1).
/// Checked against: TA-Lib 0.4 C core (npm talib 2.0.5, ta_ATR.c, unstable period 0),
/// tests/reference/talib.json, within 1e-9 × max(1, |ref|), and bit for bit against <see cref="AtrBatch"/>.
/// </para>
/// </summary>
public struct AtrState
{
    private double _prevClose;
    private double _atr;
    private double _periodAsDouble;
    private double _periodMinusOne;
    private int _period;
    private long _count;

    public static AtrState Create(int period)
    {
        PeriodGuard.Check(period, "ATR");
        return new AtrState { _period = period, _periodAsDouble = period, _periodMinusOne = period - 1 };
    }

    public readonly int Period => _period;

    public readonly int Lookback => _period;

    public readonly long Count => _count;

    public readonly bool IsReady => _count > Lookback;

    /// <summary>True range of a bar given the previous close, with TA_TRANGE's comparison order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TrueRange(double high, double low, double previousClose)
    {
        // Math.Max instead of TA-Lib's "if (v > greatest)": the same value for non-NaN inputs (ties are equal
        // values, all non-negative), without the unpredictable branches.
        return Math.Max(Math.Max(high - low, Math.Abs(previousClose - high)), Math.Abs(previousClose - low));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(double high, double low, double close, out double value)
    {
        var count = _count++;
        var previousClose = _prevClose;
        _prevClose = close;
        if (count > _period)
        {
            var atr = _atr * _periodMinusOne;
            atr += TrueRange(high, low, previousClose);
            _atr = atr / _periodAsDouble;
            value = _atr;
            return true;
        }
        if (count == 0)
        {
            value = 0;
            return false;
        }
        _atr += TrueRange(high, low, previousClose); // running sum of the seed window
        if (count < _period)
        {
            value = 0;
            return false;
        }
        _atr /= _periodAsDouble;
        value = _atr;
        return true;
    }

    public void Reset()
    {
        _prevClose = 0;
        _atr = 0;
        _count = 0;
    }

    public readonly int SnapshotSize => 2 + 4 + 8 + 8 * 2;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Atr);
        var offset = 2;
        SnapshotFormat.WriteInt32(destination, ref offset, _period);
        SnapshotFormat.WriteInt64(destination, ref offset, _count);
        SnapshotFormat.WriteDouble(destination, ref offset, _prevClose);
        SnapshotFormat.WriteDouble(destination, ref offset, _atr);
        return offset;
    }

    public static AtrState ReadFrom(ReadOnlySpan<byte> source)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Atr);
        var offset = 2;
        var state = Create(SnapshotFormat.ReadInt32(source, ref offset));
        state._count = SnapshotFormat.ReadInt64(source, ref offset);
        state._prevClose = SnapshotFormat.ReadDouble(source, ref offset);
        state._atr = SnapshotFormat.ReadDouble(source, ref offset);
        return state;
    }
}
