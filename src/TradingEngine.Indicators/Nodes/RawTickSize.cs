namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// A <c>tick_size</c> parameter (price units, e.g. 0.25) in the raw fixed-point scale of the instrument's ticks,
/// which the ladder cores count in. Decimal arithmetic, so 0.01 at precision 4 is exactly 100; a tick size finer
/// than the price scale cannot be represented and is an error, not a silent rounding.
/// </summary>
internal static class RawTickSize
{
    public static long From(double tickSize, byte pricePrecision)
    {
        var scaled = (decimal)tickSize * Pow10(pricePrecision);
        var raw = decimal.Truncate(scaled);
        if (raw <= 0 || raw != scaled)
            throw new InvalidOperationException($"tick_size {tickSize} is not a whole number of price units at precision {pricePrecision}");
        return (long)raw;
    }

    private static decimal Pow10(int precision)
    {
        var result = 1m;
        for (var i = 0; i < precision; i++)
            result *= 10;
        return result;
    }
}
