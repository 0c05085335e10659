using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// 128-bit helpers for the exact VWAP sums, with the same results as the <see cref="Int128"/> operators but
/// cheaper on the per-tick path: a signed 64 × 64 → 128-bit product is one hardware multiply
/// (<see cref="Math.BigMul(long, long, out long)"/>) where <c>(Int128)a * b</c> is a general 128 × 128 multiply,
/// and a sum that still fits in 64 bits converts to double directly (both conversions round to nearest even,
/// so the double is the same).
/// </summary>
internal static class Int128Math
{
    /// <summary>The exact product <paramref name="a"/> × <paramref name="b"/>.</summary>
    /// <remarks>
    /// With BMI2 the high half is <c>mulx</c>'s (the unsigned product's, corrected for the signs) and the low half a
    /// plain multiply, both in registers: <see cref="Math.BigMul(long, long, out long)"/> returns its low half through
    /// memory, a store and a reload on the sums' dependency chain (tick_vwap alone: +5.5 % ticks/s, paired).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Multiply(long a, long b)
    {
        if (Bmi2.X64.IsSupported)
        {
            // signed high = unsigned high − (a < 0 ? b : 0) − (b < 0 ? a : 0), modulo 2^64
            var high = Bmi2.X64.MultiplyNoFlags((ulong)a, (ulong)b);
            high -= ((ulong)(a >> 63) & (ulong)b) + ((ulong)(b >> 63) & (ulong)a);
            return new Int128(high, unchecked((ulong)a * (ulong)b));
        }
        var wide = Math.BigMul(a, b, out var low);
        return new Int128((ulong)wide, (ulong)low);
    }

    /// <summary>The product <paramref name="a"/> × <paramref name="b"/> as <c>a * b</c> gives it (wrapping like the operator).</summary>
    /// <remarks>
    /// One hardware multiply while <paramref name="a"/> fits in 64 bits (always, in practice); the general 128-bit
    /// multiply stays out of line so that it does not use up the inlining budget of the node that calls this.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Multiply(Int128 a, long b) => FitsInt64(a) ? Multiply((long)a, b) : MultiplyWide(a, b);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Int128 MultiplyWide(Int128 a, long b) => a * b;

    /// <summary>Whether <paramref name="value"/> is within <see cref="long"/>'s range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FitsInt64(Int128 value) => value >= long.MinValue && value <= long.MaxValue;

    /// <summary>The double nearest <paramref name="value"/>, as <c>(double)value</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(Int128 value) => FitsInt64(value) ? (long)value : (double)value;
}
