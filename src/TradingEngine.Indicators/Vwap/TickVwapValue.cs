namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// One output of <see cref="TickVwapState"/>: the session's exact integer sums (raw price × raw size), divided
/// when read. <see cref="Vwap"/> = ΣPV / ΣV / 10^precision: while both sums are below 2^53 the raw quotient is
/// one correctly rounded division; beyond, the exact integer quotient plus the remainder fraction. The scaling
/// to price units adds one rounding (≤ 2 ulp in all). σ is computed from exact integer
/// sums of d = price − first price (raw): σ² = Σv·d²/Σv − (Σv·d/Σv)², in double, scaled to price units.
/// </summary>
public readonly record struct TickVwapValue(
    Int128 SumPriceSizeRaw, long SumSizeRaw, Int128 SumShiftedSize, Int128 SumShiftedSquaredSize, double PriceUnit, long SessionStartUtcNanos)
{
    private const long ExactInDouble = 1L << 53;

    /// <summary>VWAP in raw price units (not rounded to the tick).</summary>
    public double VwapRaw
    {
        get
        {
            // Both sums below 2^53 are exact doubles, so one division is the correctly rounded quotient (and
            // fast). Beyond that, the exact integer quotient plus the rounded remainder fraction.
            if (SumPriceSizeRaw < ExactInDouble && SumPriceSizeRaw > -ExactInDouble && SumSizeRaw < ExactInDouble)
                return (double)(long)SumPriceSizeRaw / SumSizeRaw;
            return Wide(SumPriceSizeRaw, SumSizeRaw);
        }
    }

    private static double Wide(Int128 sumPriceSize, long sumSize)
    {
        var quotient = Int128.DivRem(sumPriceSize, sumSize);
        return (double)quotient.Quotient + ((double)quotient.Remainder / sumSize);
    }

    public double Vwap => VwapRaw * PriceUnit;

    public double StdDev
    {
        get
        {
            var mean = Int128Math.ToDouble(SumShiftedSize) / SumSizeRaw;
            var variance = (Int128Math.ToDouble(SumShiftedSquaredSize) / SumSizeRaw) - (mean * mean);
            return variance > 0 ? Math.Sqrt(variance) * PriceUnit : 0;
        }
    }

    public double Upper1 => Vwap + StdDev;
    public double Lower1 => Vwap - StdDev;
    public double Upper2 => Vwap + (2 * StdDev);
    public double Lower2 => Vwap - (2 * StdDev);
}
