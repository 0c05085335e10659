namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// One VWAP output, carried as the session's running sums so that the update itself is only additions; the
/// average, σ and bands are computed when read (a consumer that needs only the VWAP pays one division).
/// VWAP = ΣPV / ΣV (one correctly rounded division). σ = √max(0, ΣVd²/ΣV − (ΣVd/ΣV)²) with d = p − shift
/// (computed with one reciprocal of ΣV). Bands: VWAP ± σ, VWAP ± 2σ.
/// </summary>
internal readonly record struct VwapValue(
    double SumPriceVolume, double SumVolume, double Shift, double SumShiftedVolume, double SumShiftedSquaredVolume, long SessionStartUtcNanos)
{
    public double Vwap => SumPriceVolume / SumVolume;

    public double Volume => SumVolume;

    public double StdDev
    {
        get
        {
            var inverse = 1.0 / SumVolume;
            var mean = SumShiftedVolume * inverse;
            var variance = (SumShiftedSquaredVolume * inverse) - (mean * mean);
            return variance > 0 ? Math.Sqrt(variance) : 0;
        }
    }

    public double Upper1 => Vwap + StdDev;
    public double Lower1 => Vwap - StdDev;
    public double Upper2 => Vwap + (2 * StdDev);
    public double Lower2 => Vwap - (2 * StdDev);
}
