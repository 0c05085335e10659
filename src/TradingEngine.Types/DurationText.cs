using System.Globalization;

namespace TradingEngine.Types;

/// <summary>
/// Durations as configuration files and options write them: a non-negative decimal with a unit, <c>250ms</c>,
/// <c>1s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>, or a plain <c>0</c>. Resolution 1 ms.
/// </summary>
public static class DurationText
{
    /// <summary>What an error says is expected.</summary>
    public const string Expected = "a duration like 250ms, 1s, 2m, 1h (0 for none)";

    private static readonly decimal MaxMilliseconds = (decimal)TimeSpan.MaxValue.TotalMilliseconds - 1m;

    /// <summary>Parses <paramref name="text"/>; false for anything else (negative, no unit, below 1 ms but not 0, longer than TimeSpan holds).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var t = text?.Trim() ?? "";
        if (t == "0")
            return true;
        var (number, millis) =
            t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 1m)
            : t.EndsWith('s') ? (t[..^1], 1_000m)
            : t.EndsWith('m') ? (t[..^1], 60_000m)
            : t.EndsWith('h') ? (t[..^1], 3_600_000m)
            : t.EndsWith('d') ? (t[..^1], 86_400_000m)
            : ("", 0m);
        if (millis == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            return false;
        // Longer than TimeSpan can hold (about 29,000 years) is not a duration either; checked before the product,
        // which would overflow decimal for a long enough digit string.
        if (n > MaxMilliseconds / millis)
            return false;
        var total = n * millis;
        if (total != 0 && total < 1)
            return false;
        value = TimeSpan.FromMilliseconds((double)total);
        return true;
    }
}
