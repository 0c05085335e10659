using SessionCalendar = TradingEngine.Types.SessionCalendar;
namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// Plain array loop for session VWAP: the batch reference of <see cref="VwapState"/>. It finds each row's
/// session with <see cref="SessionCalendar.Locate"/> directly (no session clock) and accumulates the same sums
/// in the same order. Rows outside every session, and rows before the session's first volume, get NaN.
/// </summary>
internal static class VwapBatch
{
    public static void Compute(ReadOnlySpan<long> utcNanos, ReadOnlySpan<double> price, ReadOnlySpan<double> volume,
        SessionCalendar schedule, Span<double> vwap, Span<double> stdDev)
    {
        var currentStart = long.MinValue;
        double spv = 0, sv = 0, shift = 0, sdv = 0, sd2v = 0;
        for (var i = 0; i < price.Length; i++)
        {
            var session = SessionClock.Locate(schedule, utcNanos[i]);
            if (!session.Contains(utcNanos[i]))
            {
                vwap[i] = double.NaN;
                stdDev[i] = double.NaN;
                continue;
            }
            if (session.Start != currentStart)
            {
                currentStart = session.Start;
                spv = sv = sdv = sd2v = 0;
                shift = price[i];
            }
            spv += price[i] * volume[i];
            sv += volume[i];
            var d = price[i] - shift;
            var dv = d * volume[i];
            sdv += dv;
            sd2v += dv * d;
            if (sv <= 0)
            {
                vwap[i] = double.NaN;
                stdDev[i] = double.NaN;
                continue;
            }
            var inverse = 1.0 / sv;
            var mean = sdv * inverse;
            var variance = (sd2v * inverse) - (mean * mean);
            vwap[i] = spv / sv;
            stdDev[i] = variance > 0 ? Math.Sqrt(variance) : 0;
        }
    }

    /// <summary>Typical price (high + low + close) / 3 of each candle, as <see cref="VwapState.UpdateCandle"/> uses it.</summary>
    public static void TypicalPrice(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, Span<double> output)
    {
        for (var i = 0; i < close.Length; i++)
            output[i] = (high[i] + low[i] + close[i]) / 3;
    }
}
