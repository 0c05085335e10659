namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// One output of <see cref="TickVwapState"/>: the session's exact integer sums (raw price × raw size), divided
/// when read. <see cref="Vwap"/> = ΣPV / ΣV / 10^precision: the integer quotient and remainder are exact, so the
/// only roundings are the final fraction, the sum and the scaling (≤ 2 ulp). σ is computed from exact integer
/// sums of d = price − first price (raw): σ² = Σv·d²/Σv − (Σv·d/Σv)², in double, scaled to price units.
/// </summary>
public readonly record struct TickVwapValue(
    Int128 SumPriceSizeRaw, long SumSizeRaw, Int128 SumShiftedSize, Int128 SumShiftedSquaredSize, double PriceUnit, long SessionStartUtcNanos)
{
    /// <summary>VWAP in raw price units (not rounded to the tick).</summary>
    public double VwapRaw
    {
        get
        {
            var quotient = Int128.DivRem(SumPriceSizeRaw, SumSizeRaw);
            return (double)quotient.Quotient + ((double)quotient.Remainder / SumSizeRaw);
        }
    }

    public double Vwap => VwapRaw * PriceUnit;

    public double StdDev
    {
        get
        {
            var mean = (double)SumShiftedSize / SumSizeRaw;
            var variance = ((double)SumShiftedSquaredSize / SumSizeRaw) - (mean * mean);
            return variance > 0 ? Math.Sqrt(variance) * PriceUnit : 0;
        }
    }

    public double Upper1 => Vwap + StdDev;
    public double Lower1 => Vwap - StdDev;
    public double Upper2 => Vwap + (2 * StdDev);
    public double Lower2 => Vwap - (2 * StdDev);
}
