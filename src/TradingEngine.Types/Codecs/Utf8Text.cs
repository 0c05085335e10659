using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// Allocation-free UTF-8 formatting and parsing of the two text forms the JSON contract uses: exact decimals
/// (fixed-point raw + precision) and ISO 8601 UTC timestamps with up to nine fractional digits.
/// </summary>
internal static class Utf8Text
{
    public const int MaxDecimalLength = 32;
    public const int MaxTimestampLength = 40;

    /// <summary>Writes raw / 10^precision with exactly <paramref name="precision"/> fractional digits.</summary>
    public static int FormatDecimal(long raw, int precision, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[24];
        var magnitude = raw == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(raw);
        var n = 0;
        do
        {
            digits[n++] = (byte)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        } while (magnitude != 0 || n <= precision);
        var w = 0;
        if (raw < 0)
            destination[w++] = (byte)'-';
        for (var k = n - 1; k >= 0; k--)
        {
            destination[w++] = digits[k];
            if (k == precision && precision > 0)
                destination[w++] = (byte)'.';
        }
        return w;
    }

    /// <summary>Parses a JSON number token exactly (see <see cref="FixedPoint.TryParse"/>).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> utf8, out long raw, out int precision)
    {
        if (TryParsePlainDecimal(utf8, out raw, out precision))
            return true;
        return FixedPoint.TryParseUtf8(utf8, out raw, out precision);
    }

    /// <summary>
    /// The common case without <see cref="FixedPoint.TryParse"/>'s generality: <c>-?digits[.digits]</c>, at most 18
    /// digits and 9 decimals, no exponent (every number our encoder writes below 1e18 raw units). False means
    /// "not this shape", not "invalid": the caller falls back to the general parser.
    /// </summary>
    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> s, out long raw, out int precision)
    {
        raw = 0;
        precision = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] == '-')
        {
            negative = true;
            i = 1;
        }
        ulong value = 0;
        var digits = 0;
        var dot = -1;
        for (; i < s.Length; i++)
        {
            var c = (uint)(s[i] - '0');
            if (c <= 9)
            {
                value = value * 10 + c;
                if (++digits > 18)
                    return false;
            }
            else if (s[i] == '.' && dot < 0)
            {
                dot = i;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0)
            return false;
        precision = dot < 0 ? 0 : s.Length - dot - 1;
        if (precision > FixedPoint.MaxPrecision || (dot >= 0 && precision == 0))
            return false;
        raw = negative ? -(long)value : (long)value;
        return true;
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss[.fff|.ffffff|.fffffffff]Z (the shortest of 0, 3, 6, 9 fractional digits that is exact).</summary>
    public static int FormatTimestamp(long nanos, Span<byte> d)
    {
        var days = UtcNanos.FloorDiv(nanos, UtcNanos.PerDay);
        var ofDay = nanos - days * UtcNanos.PerDay;
        var (year, month, day) = CivilFromDays(days);
        var seconds = ofDay / UtcNanos.PerSecond;
        var fraction = ofDay % UtcNanos.PerSecond;
        var w = 0;
        if (year is < 0 or > 9999)
            throw new ArgumentOutOfRangeException(nameof(nanos), nanos, "timestamp outside years 0000..9999");
        Digits(d, ref w, year, 4);
        d[w++] = (byte)'-';
        Digits(d, ref w, month, 2);
        d[w++] = (byte)'-';
        Digits(d, ref w, day, 2);
        d[w++] = (byte)'T';
        Digits(d, ref w, seconds / 3600, 2);
        d[w++] = (byte)':';
        Digits(d, ref w, seconds / 60 % 60, 2);
        d[w++] = (byte)':';
        Digits(d, ref w, seconds % 60, 2);
        if (fraction != 0)
        {
            var count = fraction % 1_000_000 == 0 ? 3 : fraction % 1_000 == 0 ? 6 : 9;
            d[w++] = (byte)'.';
            Digits(d, ref w, fraction / FixedPoint.Pow10(9 - count), count);
        }
        d[w++] = (byte)'Z';
        return w;
    }

    /// <summary>
    /// Parses yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm) exactly to the nanosecond (a lower-case t/z is accepted too).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> s, out long nanos)
    {
        nanos = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] | 0x20) != 't' || s[13] != ':' || s[16] != ':')
            return false;
        if (!Num(s, 0, 4, out var year) || !Num(s, 5, 2, out var month) || !Num(s, 8, 2, out var day)
            || !Num(s, 11, 2, out var hour) || !Num(s, 14, 2, out var minute) || !Num(s, 17, 2, out var second))
            return false;
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var i = 19;
        long fraction = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (i - start == 9)
                    return false;
                fraction = fraction * 10 + (s[i] - '0');
                i++;
            }
            var count = i - start;
            if (count == 0)
                return false;
            fraction *= FixedPoint.Pow10(9 - count);
        }
        long offsetSeconds = 0;
        if (i == s.Length - 1 && (s[i] | 0x20) == 'z')
        {
        }
        else if (i == s.Length - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':'
                 && Num(s, i + 1, 2, out var oh) && Num(s, i + 4, 2, out var om) && oh <= 23 && om <= 59)
        {
            offsetSeconds = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }
        var secondsOfEpoch = DaysFromCivil(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second - offsetSeconds;
        nanos = secondsOfEpoch * UtcNanos.PerSecond + fraction;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Digits(Span<byte> d, ref int w, long value, int count)
    {
        for (var k = count - 1; k >= 0; k--)
        {
            d[w + k] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        w += count;
    }

    private static bool Num(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var k = start; k < start + count; k++)
        {
            var c = (uint)(s[k] - '0');
            if (c > 9)
                return false;
            value = value * 10 + (int)c;
        }
        return true;
    }

    private static int DaysInMonth(int year, int month) =>
        month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28)
        : month is 4 or 6 or 9 or 11 ? 30 : 31;

    // Howard Hinnant's civil-calendar algorithms (proleptic Gregorian), exact for any year here.
    private static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static (long Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - era * 146_097;
        var yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = (int)(doy - (153 * mp + 2) / 5 + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m, d);
    }
}
