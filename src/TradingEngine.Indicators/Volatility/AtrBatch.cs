namespace TradingEngine.Indicators.Volatility;

/// <summary>
/// Plain array loop for ATR (ta_ATR.c: TRANGE into a buffer, SMA seed, Wilder smoothing): the batch
/// reference of <see cref="AtrState"/>. Writes NaN before the first output and returns its index (N).
/// </summary>
internal static class AtrBatch
{
    public static int Compute(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, int period, Span<double> output)
    {
        PeriodGuard.Check(period, "ATR");
        var n = close.Length;
        output[..Math.Min(period, n)].Fill(double.NaN);
        if (n <= period)
            return n;
        var trueRange = new double[n];
        for (var t = 1; t < n; t++)
        {
            var greatest = high[t] - low[t];
            var val2 = Math.Abs(close[t - 1] - high[t]);
            if (val2 > greatest)
                greatest = val2;
            var val3 = Math.Abs(close[t - 1] - low[t]);
            if (val3 > greatest)
                greatest = val3;
            trueRange[t] = greatest;
        }
        double total = 0;
        for (var t = 1; t <= period; t++)
            total += trueRange[t];
        var atr = total / period;
        output[period] = atr;
        for (var t = period + 1; t < n; t++)
        {
            atr *= period - 1;
            atr += trueRange[t];
            atr /= period;
            output[t] = atr;
        }
        return period;
    }
}
