namespace TradingEngine.Indicators.MovingAverages;

/// <summary>
/// Plain array loops for SMA, EMA and WMA: the batch references the streaming cores are tested against
/// (bit for bit). Each is a line-by-line port of TA-Lib's C loop (ta_SMA.c, ta_EMA.c, ta_WMA.c), indexes
/// into the whole array instead of keeping a ring, and writes NaN before the first output.
/// Returns the index of the first output (the lookback), or input.Length when there is none.
/// </summary>
internal static class MovingAverageBatch
{
    public static int Sma(ReadOnlySpan<double> input, int period, Span<double> output)
    {
        PeriodGuard.Check(period, "SMA");
        var lookback = period - 1;
        output[..Math.Min(lookback, input.Length)].Fill(double.NaN);
        if (input.Length <= lookback)
            return input.Length;
        double periodTotal = 0;
        var i = 0;
        while (i < lookback)
            periodTotal += input[i++];
        var trailing = 0;
        while (i < input.Length)
        {
            periodTotal += input[i];
            var total = periodTotal;
            periodTotal -= input[trailing++];
            output[i++] = total / period;
        }
        return lookback;
    }

    public static int Ema(ReadOnlySpan<double> input, int period, Span<double> output)
    {
        PeriodGuard.Check(period, "EMA");
        var lookback = period - 1;
        output[..Math.Min(lookback, input.Length)].Fill(double.NaN);
        if (input.Length <= lookback)
            return input.Length;
        var k = 2.0 / (double)(period + 1);
        double sum = 0;
        for (var i = 0; i < period; i++)
            sum += input[i];
        var ema = sum / period;
        output[lookback] = ema;
        for (var i = period; i < input.Length; i++)
        {
            ema = ((input[i] - ema) * k) + ema;
            output[i] = ema;
        }
        return lookback;
    }

    public static int Wma(ReadOnlySpan<double> input, int period, Span<double> output)
    {
        PeriodGuard.Check(period, "WMA");
        var lookback = period - 1;
        output[..Math.Min(lookback, input.Length)].Fill(double.NaN);
        if (input.Length <= lookback)
            return input.Length;
        var divider = (period * (period + 1)) >> 1;
        double periodSum = 0, periodSub = 0;
        var i = 0;
        for (; i < lookback; i++)
        {
            periodSub += input[i];
            periodSum += input[i] * (i + 1);
        }
        double trailingValue = 0;
        var trailing = 0;
        for (; i < input.Length; i++)
        {
            periodSub += input[i];
            periodSub -= trailingValue;
            periodSum += input[i] * period;
            trailingValue = input[trailing++];
            output[i] = periodSum / divider;
            periodSum -= periodSub;
        }
        return lookback;
    }
}
