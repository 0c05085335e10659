using System.Runtime.CompilerServices;
using System.Text;
using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Exact number parsing from ASCII bytes for the importers: integers, hex flags and decimals scaled to a fixed
/// precision. A decimal that cannot be written exactly at the requested precision fails instead of rounding.
/// </summary>
internal static class AsciiNumber
{
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        if (i == text.Length || text.Length - i > 19)
            return false;
        ulong acc = 0;
        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
                return false;
            acc = acc * 10 + d;
        }
        if (acc > long.MaxValue)
            return false;
        value = negative ? -(long)acc : (long)acc;
        return true;
    }

    /// <summary>Hex digits without a prefix (AlgoSeek condition flags: <c>20000020</c>); empty means 0.</summary>
    public static bool TryParseHexUInt32(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        if (text.Length > 8)
            return false;
        foreach (var c in text)
        {
            uint d;
            if ((uint)(c - '0') <= 9) d = (uint)(c - '0');
            else if ((uint)((c | 0x20) - 'a') <= 5) d = (uint)((c | 0x20) - 'a' + 10);
            else return false;
            value = (value << 4) | d;
        }
        return true;
    }

    /// <summary>
    /// Parses <c>-?digits[.digits][e±n]</c> as <c>raw / 10^precision</c>. Fails when the text has more significant
    /// fractional digits than <paramref name="precision"/> or does not fit a <see cref="long"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseFixed(ReadOnlySpan<byte> text, int precision, out long raw)
    {
        raw = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        ulong acc = 0;
        var intDigits = 0;
        var any = false;
        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
                break;
            any = true;
            if (acc == 0 && d == 0)
                continue;
            if (++intDigits > 18)
                return TryParseFixedSlow(text, precision, out raw);
            acc = acc * 10 + d;
        }
        var frac = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            for (i++; i < text.Length; i++)
            {
                var d = (uint)(text[i] - '0');
                if (d > 9)
                    break;
                any = true;
                if (frac < precision)
                {
                    if (intDigits + frac >= 18)
                        return TryParseFixedSlow(text, precision, out raw);
                    acc = acc * 10 + d;
                    frac++;
                }
                else if (d != 0)
                {
                    return false; // a digit that the precision cannot hold
                }
            }
        }
        if (!any)
            return false;
        if (i != text.Length)
            return (text[i] | 0x20) == 'e' && TryParseFixedSlow(text, precision, out raw);
        for (; frac < precision; frac++)
        {
            if (acc > (ulong)long.MaxValue / 10)
                return TryParseFixedSlow(text, precision, out raw);
            acc *= 10;
        }
        if (acc > long.MaxValue)
            return false;
        raw = negative ? -(long)acc : (long)acc;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseFixedSlow(ReadOnlySpan<byte> text, int precision, out long raw)
    {
        raw = 0;
        return FixedPoint.TryParseUtf8(text, out var parsed, out var parsedPrecision)
               && FixedPoint.TryRescale(parsed, parsedPrecision, precision, out raw);
    }

    /// <summary>Parses a decimal at its own precision (the number of fractional digits written, trailing zeros dropped to fit 9).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out long raw, out int precision) =>
        FixedPoint.TryParseUtf8(text, out raw, out precision);

    /// <summary>True for text shaped like a decimal number (sign, digits, one dot, optional exponent), whatever its size.</summary>
    public static bool LooksNumeric(ReadOnlySpan<byte> text)
    {
        var i = text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+') ? 1 : 0;
        var digits = 0;
        var dot = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - '0') <= 9) digits++;
            else if (c == (byte)'.' && !dot) dot = true;
            else if ((c | 0x20) == 'e' && digits > 0) return i + 1 < text.Length && (text[i + 1] == (byte)'-' || text[i + 1] == (byte)'+' || (uint)(text[i + 1] - '0') <= 9);
            else return false;
        }
        return digits > 0;
    }

    /// <summary>The row as text for a report, cut at 160 characters.</summary>
    public static string Describe(ReadOnlySpan<byte> line) =>
        line.Length <= 160 ? Encoding.ASCII.GetString(line) : Encoding.ASCII.GetString(line[..160]) + "...";

    public static string Text(ReadOnlySpan<byte> field) => Encoding.ASCII.GetString(field);
}
