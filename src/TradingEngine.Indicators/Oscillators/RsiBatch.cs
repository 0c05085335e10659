namespace TradingEngine.Indicators.Oscillators;

/// <summary>
/// Plain array loop for RSI (a port of ta_RSI.c's default path): the batch reference of <see cref="RsiState"/>.
/// Writes NaN before the first output and returns the first output index (the lookback, N).
/// </summary>
internal static class RsiBatch
{
    public static int Compute(ReadOnlySpan<double> input, int period, Span<double> output)
    {
        PeriodGuard.Check(period, "RSI");
        output[..Math.Min(period, input.Length)].Fill(double.NaN);
        if (input.Length <= period)
            return input.Length;
        double prevGain = 0, prevLoss = 0;
        var prevValue = input[0];
        var today = 1;
        for (var i = period; i > 0; i--)
        {
            var change = input[today] - prevValue;
            prevValue = input[today++];
            if (change < 0)
                prevLoss -= change;
            else
                prevGain += change;
        }
        prevLoss /= period;
        prevGain /= period;
        output[period] = Rsi(prevGain, prevLoss);
        for (; today < input.Length; today++)
        {
            var change = input[today] - prevValue;
            prevValue = input[today];
            prevLoss *= period - 1;
            prevGain *= period - 1;
            if (change < 0)
                prevLoss -= change;
            else
                prevGain += change;
            prevLoss /= period;
            prevGain /= period;
            output[today] = Rsi(prevGain, prevLoss);
        }
        return period;
    }

    private static double Rsi(double gain, double loss)
    {
        var total = gain + loss;
        return (-0.00000000000001 < total && total < 0.00000000000001) ? 0.0 : 100.0 * (gain / total);
    }
}
