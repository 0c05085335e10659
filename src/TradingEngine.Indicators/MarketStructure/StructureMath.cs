using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>Price-unit conversions shared by the structure cores; raw prices stay exact, tolerances round once.</summary>
internal static class StructureMath
{
    /// <summary>
    /// A tolerance in raw units at <paramref name="precision"/>: the larger of a fixed price distance (rounded to
    /// the nearest raw unit) and a fraction of ATR (rounded down, so a tolerance never widens by rounding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToleranceRaw(double fixedDistance, double atrFraction, double atr, int precision)
    {
        var scale = (double)FixedPoint.Pow10(precision);
        var a = (long)Math.Round(fixedDistance * scale, MidpointRounding.AwayFromZero);
        if (atrFraction > 0 && atr > 0)
        {
            var b = (long)Math.Floor(atrFraction * atr * scale);
            if (b > a)
                a = b;
        }
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(long raw, int precision) => FixedPoint.ToDouble(raw, precision);
}
