using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Indicators;

/// <summary>Parameter validation shared by the period-based cores (cold path only).</summary>
internal static class PeriodGuard
{
    /// <summary>TA-Lib accepts 2..100000 for SMA, EMA, WMA, RSI and ATR; so do we.</summary>
    public const int MaxPeriod = 100_000;

    public static void Check(int period, string indicator)
    {
        if (period < 2 || period > MaxPeriod)
            Throw(period, indicator);
    }

    [DoesNotReturn]
    private static void Throw(int period, string indicator) =>
        throw new ArgumentOutOfRangeException(nameof(period), period, $"{indicator} period must be between 2 and {MaxPeriod}");
}
