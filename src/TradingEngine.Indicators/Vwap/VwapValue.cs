namespace TradingEngine.Indicators.Vwap;

/// <summary>One VWAP output: the average, its volume-weighted standard deviation and the 1σ/2σ bands.</summary>
public readonly record struct VwapValue(double Vwap, double StdDev, double Volume, long SessionStartUtcNanos)
{
    public double Upper1 => Vwap + StdDev;
    public double Lower1 => Vwap - StdDev;
    public double Upper2 => Vwap + (2 * StdDev);
    public double Lower2 => Vwap - (2 * StdDev);
}
