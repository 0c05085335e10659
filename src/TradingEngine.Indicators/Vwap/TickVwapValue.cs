using System.Runtime.CompilerServices;

namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// One output of <see cref="TickVwapState"/>: the session's exact integer sums (raw price × raw size), divided
/// when read. <see cref="Vwap"/> = ΣPV / ΣV / 10^precision: while both sums are below 2^53 the raw quotient is
/// one correctly rounded division; beyond, the exact integer quotient plus the remainder fraction. The scaling
/// to price units adds one rounding (≤ 2 ulp in all). σ is computed from exact integer
/// sums of d = price − first price (raw): σ² = Σv·d²/Σv − (Σv·d/Σv)², in double, scaled to price units.
/// </summary>
internal readonly record struct TickVwapValue(
    Int128 SumPriceSizeRaw, long SumSizeRaw, Int128 SumShiftedSize, Int128 SumShiftedSquaredSize, double PriceUnit, long SessionStartUtcNanos)
{
    private const long ExactInDouble = 1L << 53;

    /// <summary>VWAP in raw price units (not rounded to the tick).</summary>
    public double VwapRaw => VwapRawOf(SumPriceSizeRaw, SumSizeRaw);

    public double Vwap => VwapRaw * PriceUnit;

    public double StdDev => StdDevOf(SumShiftedSize, SumShiftedSquaredSize, SumSizeRaw, PriceUnit);

    // The formulas live here once, as static functions of the sums, so that TickVwapState can give the node the same
    // doubles straight from its fields without building this 88-byte value on every tick.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double VwapRawOf(Int128 sumPriceSize, long sumSize)
    {
        // Both sums below 2^53 are exact doubles, so one division is the correctly rounded quotient (and
        // fast). Beyond that, the exact integer quotient plus the rounded remainder fraction.
        if (sumPriceSize < ExactInDouble && sumPriceSize > -ExactInDouble && sumSize < ExactInDouble)
            return (double)(long)sumPriceSize / sumSize;
        return Wide(sumPriceSize, sumSize);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Wide(Int128 sumPriceSize, long sumSize)
    {
        var quotient = Int128.DivRem(sumPriceSize, sumSize);
        return (double)quotient.Quotient + ((double)quotient.Remainder / sumSize);
    }

    // σ² = Σv·d²/Σv − (Σv·d/Σv)². The two quotients do not depend on each other, so they are issued together.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double StdDevOf(Int128 sumShiftedSize, Int128 sumShiftedSquaredSize, long sumSize, double priceUnit)
    {
        var mean = Int128Math.ToDouble(sumShiftedSize) / sumSize;
        var variance = (Int128Math.ToDouble(sumShiftedSquaredSize) / sumSize) - (mean * mean);
        return variance > 0 ? Math.Sqrt(variance) * priceUnit : 0;
    }

    public double Upper1 => Vwap + StdDev;
    public double Lower1 => Vwap - StdDev;
    public double Upper2 => Vwap + (2 * StdDev);
    public double Lower2 => Vwap - (2 * StdDev);
}
