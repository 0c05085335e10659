using System.Globalization;
using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>Parses the time columns vendors write into UTC nanoseconds, exactly (ISO 8601 to the nanosecond).</summary>
internal static class TextTime
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yy", "yyyyMMdd HH:mm", "yyyyMMdd",
    ];

    public static bool TryParse(ReadOnlySpan<byte> field, CsvTimeFormat format, TimeZoneInfo zone, out long nanos)
    {
        nanos = 0;
        switch (format)
        {
            case CsvTimeFormat.UnixNanoseconds:
                return AsciiNumber.TryParseFixed(field, 0, out nanos);
            case CsvTimeFormat.UnixMicroseconds:
                return AsciiNumber.TryParseFixed(field, 3, out nanos);
            case CsvTimeFormat.UnixMilliseconds:
                return AsciiNumber.TryParseFixed(field, 6, out nanos);
            case CsvTimeFormat.UnixSeconds:
                return AsciiNumber.TryParseFixed(field, 9, out nanos);
        }
        if (field.IsEmpty || field.Length > 64)
            return false;
        Span<char> text = stackalloc char[field.Length];
        for (var i = 0; i < field.Length; i++)
            text[i] = (char)field[i];
        text = text.Trim();
        if (text.Length > 10 && (text[^1] == 'Z' || text[^6] is '+' or '-') && UtcNanos.TryParseIso8601(text, out nanos))
            return true;
        // more than 7 fractional digits (Databento's ns) without a zone: split the fraction off and read it exactly
        var dot = text.LastIndexOf('.');
        long fraction = 0;
        if (dot > 0 && text.Length - dot - 1 > 7 && text.Length - dot - 1 <= 9)
        {
            foreach (var c in text[(dot + 1)..])
            {
                if (!char.IsAsciiDigit(c))
                    return false;
                fraction = fraction * 10 + (c - '0');
            }
            fraction *= FixedPoint.Pow10(9 - (text.Length - dot - 1));
            text = text[..dot];
        }
        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        var offset = zone.GetUtcOffset(local);
        nanos = UtcNanos.FromDateTime(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc)) + fraction;
        return true;
    }

    /// <summary>UTC nanoseconds of local midnight <paramref name="days"/> days after the local date of <paramref name="utcNanos"/>.</summary>
    public static long LocalMidnightAfter(long utcNanos, int days, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(UtcNanos.ToDateTime(utcNanos), zone);
        return new ExchangeDayClock(DateOnly.FromDateTime(local).AddDays(days), zone).ToUtcNanos(0);
    }
}
