using System.Globalization;

namespace TradingEngine.Tests.Support;

/// <summary>Bar CSV layouts of ../shared/data/bars (see its PROVENANCE.md).</summary>
public enum OhlcvFormat
{
    /// <summary>Skender: header, <c>date,open,high,low,close,volume</c>, NY local time, optional BOM, bar start.</summary>
    Skender,
    /// <summary>Lean daily equity: <c>YYYYMMDD 00:00,o,h,l,c,v</c>, prices in deci-cents.</summary>
    LeanDaily,
    /// <summary>Lean minute equity: <c>ms since NY midnight,o,h,l,c,v</c>, deci-cents, date in the file name, bar start.</summary>
    LeanMinute,
    /// <summary>Lean minute futures: <c>ms since UTC midnight,o,h,l,c,v</c>, plain decimals, date in the file name, bar start.</summary>
    LeanFuturesMinute,
    /// <summary>Nautilus: header, <c>timestamp_utc,open,high,low,close,volume</c>, UTC, timestamp is the bar END.</summary>
    Nautilus,
}

/// <summary>Columns of one bar file. <see cref="StartUtcNs"/> is the bar's start time in UTC nanoseconds.</summary>
public sealed class OhlcvBars
{
    public required long[] StartUtcNs { get; init; }
    public required double[] Open { get; init; }
    public required double[] High { get; init; }
    public required double[] Low { get; init; }
    public required double[] Close { get; init; }
    public required double[] Volume { get; init; }
    public int Count => Close.Length;
}

/// <summary>
/// Test-side reader of the bar CSVs. Deci-cent prices are parsed as integers and divided by 10,000 once
/// (a single correctly rounded division, exactly what the npm reference script does), so both sides see
/// the same doubles.
/// </summary>
public static class OhlcvCsv
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static OhlcvFormat FormatOf(string relative) => relative switch
    {
        _ when relative.Contains("/skender/", StringComparison.Ordinal) => OhlcvFormat.Skender,
        _ when relative.Contains("lean_equity_daily", StringComparison.Ordinal) => OhlcvFormat.LeanDaily,
        _ when relative.Contains("lean_equity_minute", StringComparison.Ordinal) => OhlcvFormat.LeanMinute,
        _ when relative.Contains("lean_es_futures_minute", StringComparison.Ordinal) => OhlcvFormat.LeanFuturesMinute,
        _ when relative.Contains("nautilus_", StringComparison.Ordinal) => OhlcvFormat.Nautilus,
        _ => throw new ArgumentException($"no known bar format for '{relative}'", nameof(relative)),
    };

    public static OhlcvBars Read(string path, OhlcvFormat format)
    {
        var lines = File.ReadAllLines(path);
        var first = format is OhlcvFormat.Skender or OhlcvFormat.Nautilus ? 1 : 0;
        var n = 0;
        for (var i = first; i < lines.Length; i++)
            if (lines[i].Length > 0)
                n++;
        var bars = new OhlcvBars
        {
            StartUtcNs = new long[n], Open = new double[n], High = new double[n], Low = new double[n],
            Close = new double[n], Volume = new double[n],
        };
        var fileDate = format is OhlcvFormat.LeanMinute or OhlcvFormat.LeanFuturesMinute
            ? DateTime.ParseExact(Path.GetFileName(path)[..8], "yyyyMMdd", CultureInfo.InvariantCulture)
            : default;
        var row = 0;
        for (var i = first; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            var deciCents = format is OhlcvFormat.LeanDaily or OhlcvFormat.LeanMinute;
            bars.Open[row] = Price(f[1], deciCents);
            bars.High[row] = Price(f[2], deciCents);
            bars.Low[row] = Price(f[3], deciCents);
            bars.Close[row] = Price(f[4], deciCents);
            bars.Volume[row] = double.Parse(f[5], CultureInfo.InvariantCulture);
            bars.StartUtcNs[row] = format switch
            {
                OhlcvFormat.Skender => FromNewYork(DateTime.Parse(f[0].TrimStart('\uFEFF'), CultureInfo.InvariantCulture)),
                OhlcvFormat.LeanDaily => UtcNs(DateTime.ParseExact(f[0][..8], "yyyyMMdd", CultureInfo.InvariantCulture)),
                OhlcvFormat.LeanMinute => FromNewYork(fileDate.AddMilliseconds(long.Parse(f[0], CultureInfo.InvariantCulture))),
                OhlcvFormat.LeanFuturesMinute => UtcNs(fileDate.AddMilliseconds(long.Parse(f[0], CultureInfo.InvariantCulture))),
                _ => UtcNs(DateTime.Parse(f[0], CultureInfo.InvariantCulture).AddMinutes(-1)),
            };
            row++;
        }
        return bars;
    }

    private static double Price(string field, bool deciCents) => deciCents
        ? long.Parse(field, CultureInfo.InvariantCulture) / 10000.0
        : double.Parse(field, CultureInfo.InvariantCulture);

    private static long UtcNs(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static long FromNewYork(DateTime local) =>
        UtcNs(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), NewYork));
}
