using System.Globalization;

namespace TradingEngine.Types;

/// <summary>
/// Time in this engine is a <c>long</c> of nanoseconds since the Unix epoch, UTC. These helpers convert at the
/// edges (ISO 8601 text, <see cref="DateTime"/>); engine logic never reads the wall clock except for receive time.
/// </summary>
public static class UtcNanos
{
    public const long PerMicrosecond = 1_000L;
    public const long PerMillisecond = 1_000_000L;
    public const long PerSecond = 1_000_000_000L;
    public const long PerMinute = 60 * PerSecond;
    public const long PerHour = 60 * PerMinute;
    public const long PerDay = 24 * PerHour;

    private const long TicksAtEpoch = 621_355_968_000_000_000L; // DateTime.UnixEpoch.Ticks

    /// <summary>The current wall-clock time: receive time only, never engine logic.</summary>
    public static long Now() => (DateTime.UtcNow.Ticks - TicksAtEpoch) * 100;

    public static long FromDateTime(DateTime utc) =>
        ((utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc).Ticks - TicksAtEpoch) * 100;

    public static long FromDateTimeOffset(DateTimeOffset value) => (value.UtcTicks - TicksAtEpoch) * 100;

    /// <summary>Truncates to the 100 ns resolution of <see cref="DateTime"/>.</summary>
    public static DateTime ToDateTime(long nanos) => new(TicksAtEpoch + FloorDiv(nanos, 100), DateTimeKind.Utc);

    /// <summary>ISO 8601 UTC with as many fractional digits as needed (0, 3, 6 or 9): 2013-10-08T08:00:17.034Z.</summary>
    public static string ToIso8601(long nanos)
    {
        Span<char> buffer = stackalloc char[40];
        TryFormatIso8601(nanos, buffer, out var written);
        return new string(buffer[..written]);
    }

    public static bool TryFormatIso8601(long nanos, Span<char> destination, out int written)
    {
        written = 0;
        var seconds = FloorDiv(nanos, PerSecond);
        var fraction = nanos - seconds * PerSecond;
        var dt = DateTime.UnixEpoch.AddSeconds(seconds);
        if (!dt.TryFormat(destination, out var w, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture))
            return false;
        if (fraction != 0)
        {
            int digits = fraction % PerMillisecond == 0 ? 3 : fraction % PerMicrosecond == 0 ? 6 : 9;
            var value = fraction / FixedPoint.Pow10(9 - digits);
            if (destination.Length < w + 1 + digits + 1)
                return false;
            destination[w++] = '.';
            for (var k = digits - 1; k >= 0; k--)
            {
                destination[w + k] = (char)('0' + (int)(value % 10));
                value /= 10;
            }
            w += digits;
        }
        if (destination.Length < w + 1)
            return false;
        destination[w++] = 'Z';
        written = w;
        return true;
    }

    /// <summary>
    /// Parses ISO 8601 date-time with an explicit zone (<c>Z</c> or <c>±hh:mm</c>) and up to 9 fractional
    /// digits, exactly to the nanosecond.
    /// </summary>
    public static bool TryParseIso8601(ReadOnlySpan<char> text, out long nanos)
    {
        nanos = 0;
        // split off the fraction so DateTimeOffset (100 ns resolution) never rounds it
        var dot = text.IndexOf('.');
        long fraction = 0;
        Span<char> rebuilt = stackalloc char[40];
        scoped ReadOnlySpan<char> main = text;
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
                end++;
            var digits = end - dot - 1;
            if (digits is 0 or > 9)
                return false;
            for (var k = dot + 1; k < end; k++)
                fraction = fraction * 10 + (text[k] - '0');
            fraction *= FixedPoint.Pow10(9 - digits);
            var tail = text[end..];
            if (dot + tail.Length > rebuilt.Length)
                return false;
            text[..dot].CopyTo(rebuilt);
            tail.CopyTo(rebuilt[dot..]);
            main = rebuilt[..(dot + tail.Length)];
        }
        if (main.Length < 20 || !(main[^1] == 'Z' || main[^6] is '+' or '-'))
            return false;
        if (!DateTimeOffset.TryParseExact(main, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ssZ"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            return false;
        nanos = FromDateTimeOffset(dto) + fraction;
        return true;
    }

    /// <summary>Floor division, so times before 1970 bucket the same way as after.</summary>
    public static long FloorDiv(long value, long divisor)
    {
        var q = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? q - 1 : q;
    }
}
