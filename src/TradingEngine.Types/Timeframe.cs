using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TradingEngine.Types;

/// <summary>
/// A time-based bar length, 1 second to 1 week, written like <c>30s</c>, <c>5m</c>, <c>4h</c>, <c>1d</c>, <c>1w</c>.
/// Tick-count, volume and range bars are described by the engine's bar specifications, not by this type.
/// </summary>
public readonly record struct Timeframe : IComparable<Timeframe>
{
    public const long NanosPerSecond = 1_000_000_000L;
    public const int MaxSeconds = 7 * 86_400;

    public Timeframe(int seconds)
    {
        if (seconds <= 0 || seconds > MaxSeconds)
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"a timeframe is 1 s to {MaxSeconds} s");
        Seconds = seconds;
    }

    public int Seconds { get; }

    public long Nanos => Seconds * NanosPerSecond;

    public bool IsNone => Seconds == 0;

    public static Timeframe FromSeconds(int seconds) => new(seconds);
    public static Timeframe FromMinutes(int minutes) => new(minutes * 60);
    public static Timeframe FromHours(int hours) => new(hours * 3600);

    public static readonly Timeframe OneSecond = new(1);
    public static readonly Timeframe OneMinute = new(60);
    public static readonly Timeframe FiveMinutes = new(300);
    public static readonly Timeframe FifteenMinutes = new(900);
    public static readonly Timeframe OneHour = new(3600);
    public static readonly Timeframe OneDay = new(86_400);

    public static bool TryParse(ReadOnlySpan<char> text, out Timeframe timeframe)
    {
        timeframe = default;
        text = text.Trim();
        if (text.Length < 2)
            return false;
        long unit = text[^1] switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => 0,
        };
        if (unit == 0 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            return false;
        var seconds = count * unit;
        if (seconds > MaxSeconds)
            return false;
        timeframe = new Timeframe((int)seconds);
        return true;
    }

    public static Timeframe Parse(string text) =>
        TryParse(text, out var tf) ? tf : ThrowFormat(text);

    /// <summary>The largest whole unit: 300 s → "5m", 5400 s → "90m", 86400 s → "1d".</summary>
    public override string ToString()
    {
        var s = Seconds;
        if (s == 0) return "none";
        if (s % (7 * 86_400) == 0) return $"{s / (7 * 86_400)}w";
        if (s % 86_400 == 0) return $"{s / 86_400}d";
        if (s % 3600 == 0) return $"{s / 3600}h";
        if (s % 60 == 0) return $"{s / 60}m";
        return $"{s}s";
    }

    public int CompareTo(Timeframe other) => Seconds.CompareTo(other.Seconds);

    [DoesNotReturn]
    private static Timeframe ThrowFormat(string text) =>
        throw new FormatException($"'{text}' is not a timeframe (expected a count and a unit s, m, h, d or w, e.g. \"5m\")");
}
