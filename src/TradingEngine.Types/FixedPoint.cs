using System.Globalization;
using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// Arithmetic shared by <see cref="Price"/> and <see cref="Quantity"/>: a value is <c>raw / 10^precision</c>
/// with <c>0 ≤ precision ≤ 9</c>. Parsing and formatting are exact (no binary floating point on the way),
/// so text → fixed → text and fixed → binary → fixed change nothing.
/// </summary>
public static class FixedPoint
{
    public const int MaxPrecision = 9;

    private static readonly long[] s_pow10 =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];

    // to 10^18 like s_pow10: a raw value's precision byte read from a record is not checked here, and the DAG's
    // conversion (Engine/Dag/PriceMath, now this one) always took any precision up to 18
    private static readonly double[] s_pow10d =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pow10(int exponent) => s_pow10[exponent];

    /// <summary>The nearest double to raw / 10^precision (a correctly rounded division when |raw| ≤ 2^53).</summary>
    /// <remarks>
    /// The one conversion of fixed-point to double: Price/Quantity, the codecs and the DAG's nodes and compiled plan
    /// (Engine/Dag/PriceMath forwards here) all give the same double for the same raw value.
    /// Precision 0 (contract and share counts) skips the division: raw / 1.0 is exactly (double)raw, and a
    /// division costs more than the branch on the hot path, where most sizes have precision 0.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(long raw, int precision) => precision == 0 ? raw : raw / s_pow10d[precision];

    public static decimal ToDecimal(long raw, int precision)
    {
        var magnitude = raw == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(raw);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, raw < 0, (byte)precision);
    }

    /// <summary>Converts <paramref name="value"/> to raw units at <paramref name="precision"/>; false when not exact or out of range.</summary>
    public static bool TryFromDecimal(decimal value, int precision, out long raw)
    {
        raw = 0;
        if ((uint)precision > MaxPrecision)
            return false;
        var scaled = value * s_pow10[precision];
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
            return false;
        raw = (long)scaled;
        return true;
    }

    /// <summary>Rescales exactly; false when digits would be lost or the result overflows.</summary>
    public static bool TryRescale(long raw, int from, int to, out long result)
    {
        result = raw;
        if ((uint)to > MaxPrecision)
            return false;
        if (to == from)
            return true;
        if (to > from)
        {
            var f = s_pow10[to - from];
            var wide = (Int128)raw * f;
            if (wide > long.MaxValue || wide < long.MinValue)
                return false;
            result = (long)wide;
            return true;
        }
        var d = s_pow10[from - to];
        if (raw % d != 0)
            return false;
        result = raw / d;
        return true;
    }

    /// <summary>Compares two fixed-point values of possibly different precision, exactly.</summary>
    public static int Compare(long rawA, int precisionA, long rawB, int precisionB)
    {
        if (precisionA == precisionB)
            return rawA.CompareTo(rawB);
        var p = Math.Max(precisionA, precisionB);
        var a = (Int128)rawA * s_pow10[p - precisionA];
        var b = (Int128)rawB * s_pow10[p - precisionB];
        return a.CompareTo(b);
    }

    /// <summary>Strips trailing decimal zeros: (166750, 2) → (16675, 1). Used for hashing and canonical text.</summary>
    public static (long Raw, int Precision) Normalize(long raw, int precision)
    {
        while (precision > 0 && raw % 10 == 0)
        {
            raw /= 10;
            precision--;
        }
        return (raw, precision);
    }

    /// <summary>
    /// Parses an invariant decimal (<c>-?digits[.digits]</c>, optional exponent <c>e±n</c>) exactly.
    /// The precision is the number of fractional digits written (after applying the exponent), capped at
    /// <see cref="MaxPrecision"/>: more fractional digits than that are accepted only when they are zeros.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long raw, out int precision)
    {
        raw = 0;
        precision = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }
        Int128 mantissa = 0;
        var digits = 0;
        var fraction = 0;
        var seenDot = false;
        var any = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= '0' && c <= '9')
            {
                any = true;
                if (mantissa == 0 && c == '0' && !seenDot)
                    continue;
                if (digits >= 36)
                    return false;
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (seenDot)
                    fraction++;
            }
            else if (c == '.' && !seenDot)
            {
                seenDot = true;
                if (mantissa == 0)
                    digits = 0;
            }
            else
            {
                break;
            }
        }
        if (!any)
            return false;
        var exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            if (!int.TryParse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || exponent is > 40 or < -40)
                return false;
            i = text.Length;
        }
        if (i != text.Length)
            return false;
        var scale = fraction - exponent; // value = mantissa / 10^scale
        while (scale > MaxPrecision)
        {
            if (mantissa % 10 != 0)
                return false;
            mantissa /= 10;
            scale--;
        }
        while (scale < 0)
        {
            mantissa *= 10;
            scale++;
            if (mantissa > long.MaxValue)
                return false;
        }
        if (mantissa > long.MaxValue)
            return false;
        raw = negative ? -(long)mantissa : (long)mantissa;
        precision = scale;
        return true;
    }

    /// <summary>
    /// <see cref="TryParse(ReadOnlySpan{char}, out long, out int)"/> over ASCII/UTF-8 bytes (JSON number tokens, CSV
    /// fields): the one general byte parser of the codecs and the importers. Text longer than 64 bytes is no number a
    /// fixed-point value holds, so it is refused before widening (the widened copy lives on the stack).
    /// </summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> utf8, out long raw, out int precision)
    {
        raw = 0;
        precision = 0;
        if (utf8.Length > 64)
            return false;
        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
            chars[i] = (char)utf8[i];
        return TryParse(chars, out raw, out precision);
    }

    /// <summary>Writes the exact invariant text of raw / 10^precision, keeping <paramref name="precision"/> fractional digits.</summary>
    public static bool TryFormat(long raw, int precision, Span<char> destination, out int written)
    {
        written = 0;
        Span<char> digits = stackalloc char[24];
        var magnitude = raw == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(raw);
        var n = 0;
        do
        {
            digits[n++] = (char)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        } while (magnitude != 0 || n <= precision);
        var needed = n + (raw < 0 ? 1 : 0) + (precision > 0 ? 1 : 0);
        if (destination.Length < needed)
            return false;
        var w = 0;
        if (raw < 0)
            destination[w++] = '-';
        for (var k = n - 1; k >= 0; k--)
        {
            destination[w++] = digits[k];
            if (k == precision && precision > 0)
                destination[w++] = '.';
        }
        written = w;
        return true;
    }

    public static string Format(long raw, int precision)
    {
        Span<char> buffer = stackalloc char[32];
        TryFormat(raw, precision, buffer, out var written);
        return new string(buffer[..written]);
    }
}
