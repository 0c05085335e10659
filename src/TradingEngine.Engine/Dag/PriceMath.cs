using System.Runtime.CompilerServices;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// Fixed-point raw values to doubles for the numeric board: the one conversion nodes use and a compiled plan's inline
/// <see cref="InlineForm.FormingClose"/> emits, so both give the same double.
/// </summary>
internal static class PriceMath
{
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ];

    // Division by an exact power of ten rounds once, so 1234 at precision 2 is exactly the double nearest 12.34.
    // Precision 0 (counts) skips the division: raw / 1.0 is exactly (double)raw.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(long raw, byte precision) => precision == 0 ? raw : raw / Pow10[precision];
}
