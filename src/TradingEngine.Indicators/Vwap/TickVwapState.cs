using System.Runtime.CompilerServices;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// Session VWAP from trades with EXACT sums: prices and sizes are raw fixed-point integers (the engine's
/// <c>Price.Raw</c> at the instrument's precision, <c>Quantity.Raw</c>), Σ price × size and Σ size are kept
/// in 128/64-bit integers, so no rounding accumulates however long the session (unlike <see cref="VwapState"/>,
/// whose double sums are exact only for binary-friendly prices such as ES quarters). σ uses exact integer sums
/// of the deviation from the session's first price. Same session rules as <see cref="VwapState"/>; zero-size
/// prints (e.g. COMEX implied legs) change nothing and give no output until the session has volume.
/// Checked against: a decimal computation of Σpv/Σv on real Lean IBM ticks (TickVwapTests) and against
/// <see cref="VwapState"/> on the Databento ES trades.
/// </summary>
internal struct TickVwapState
{
    private SessionClock _clock;
    private Int128 _sumPriceSize;
    private long _sumSize;
    private long _shift;
    private Int128 _sumShiftedSize;
    private Int128 _sumShiftedSquaredSize;
    private double _priceUnit;
    private int _precision;

    /// <param name="pricePrecision">Decimals of the raw price (ES 2, 6E 5, US equities 4): price = raw / 10^precision.</param>
    public static TickVwapState Create(SessionCalendar schedule, int pricePrecision)
    {
        if ((uint)pricePrecision > 9)
            throw new ArgumentOutOfRangeException(nameof(pricePrecision), pricePrecision, "price precision must be 0..9");
        return new TickVwapState
        {
            _clock = SessionClock.Create(schedule),
            _precision = pricePrecision,
            _priceUnit = 1.0 / Math.Pow(10, pricePrecision),
        };
    }

    public readonly int Lookback => 0;

    public readonly SessionWindow Session => _clock.Window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(long utcNanos, long priceRaw, long sizeRaw, out TickVwapValue value)
    {
        if (!Add(utcNanos, priceRaw, sizeRaw))
        {
            value = default;
            return false;
        }
        value = new TickVwapValue(_sumPriceSize, _sumSize, _sumShiftedSize, _sumShiftedSquaredSize, _priceUnit, _clock.Window.Start);
        return true;
    }

    /// <summary>
    /// Adds a trade as <see cref="Update"/> does, without building a <see cref="TickVwapValue"/>; true when there is a
    /// value to read (<see cref="Vwap"/>, <see cref="StdDev"/>, <see cref="SumSizeRaw"/>: the same doubles the value gives).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(long utcNanos, long priceRaw, long sizeRaw)
    {
        var step = _clock.Advance(utcNanos);
        if (step != SessionStep.Same)
        {
            if (step == SessionStep.Outside)
                return false;
            ResetSums();
            _shift = priceRaw; // deviations are measured from the session's first price
        }
        _sumPriceSize += Int128Math.Multiply(priceRaw, sizeRaw);
        _sumSize += sizeRaw;
        var d = priceRaw - _shift;
        var dv = Int128Math.Multiply(d, sizeRaw);
        _sumShiftedSize += dv;
        _sumShiftedSquaredSize += Int128Math.Multiply(dv, d);
        return _sumSize > 0;
    }

    /// <summary>Session VWAP in price units, as <see cref="TickVwapValue.Vwap"/> (valid after <see cref="Add"/> returned true).</summary>
    public readonly double Vwap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TickVwapValue.VwapRawOf(_sumPriceSize, _sumSize) * _priceUnit;
    }

    /// <summary>σ in price units, as <see cref="TickVwapValue.StdDev"/>.</summary>
    public readonly double StdDev
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TickVwapValue.StdDevOf(_sumShiftedSize, _sumShiftedSquaredSize, _sumSize, _priceUnit);
    }

    /// <summary>Σ size of the session so far (raw size units).</summary>
    public readonly long SumSizeRaw => _sumSize;

    public void Reset()
    {
        _clock.Reset();
        ResetSums();
    }

    private void ResetSums()
    {
        _sumPriceSize = 0;
        _sumSize = 0;
        _shift = 0;
        _sumShiftedSize = 0;
        _sumShiftedSquaredSize = 0;
    }

    public const int SnapshotSize = 2 + 4 + SessionClock.SnapshotBytes + (16 * 3) + (8 * 2);

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.TickVwap);
        var offset = 2;
        SnapshotFormat.WriteInt32(destination, ref offset, _precision);
        _clock.Write(destination, ref offset);
        WriteInt128(destination, ref offset, _sumPriceSize);
        SnapshotFormat.WriteInt64(destination, ref offset, _sumSize);
        SnapshotFormat.WriteInt64(destination, ref offset, _shift);
        WriteInt128(destination, ref offset, _sumShiftedSize);
        WriteInt128(destination, ref offset, _sumShiftedSquaredSize);
        return offset;
    }

    public static TickVwapState ReadFrom(ReadOnlySpan<byte> source, SessionCalendar schedule)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.TickVwap);
        var offset = 2;
        var state = Create(schedule, SnapshotFormat.ReadInt32(source, ref offset));
        state._clock.Read(source, ref offset);
        state._sumPriceSize = ReadInt128(source, ref offset);
        state._sumSize = SnapshotFormat.ReadInt64(source, ref offset);
        state._shift = SnapshotFormat.ReadInt64(source, ref offset);
        state._sumShiftedSize = ReadInt128(source, ref offset);
        state._sumShiftedSquaredSize = ReadInt128(source, ref offset);
        return state;
    }

    private static void WriteInt128(Span<byte> destination, ref int offset, Int128 value)
    {
        SnapshotFormat.WriteInt64(destination, ref offset, (long)(ulong)value);
        SnapshotFormat.WriteInt64(destination, ref offset, (long)(value >> 64));
    }

    private static Int128 ReadInt128(ReadOnlySpan<byte> source, ref int offset)
    {
        var low = (ulong)SnapshotFormat.ReadInt64(source, ref offset);
        var high = SnapshotFormat.ReadInt64(source, ref offset);
        return ((Int128)high << 64) | low;
    }
}
