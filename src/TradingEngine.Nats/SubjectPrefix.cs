using System.Text.RegularExpressions;

namespace TradingEngine.Nats;

/// <summary>
/// Where a replay publishes (<c>te replay --publish PREFIX</c>) and what <c>te dashboard --prefix PREFIX</c> follows: the
/// engine's internal output subjects under <c>PREFIX.</c> (<c>replay.candles.internal.ES.1m</c>). A prefix starts with
/// the token <c>replay</c>, so a backtest can never land on the live subjects, which the live engine, the sink and the
/// external publisher read.
/// </summary>
public static partial class SubjectPrefix
{
    /// <summary>The prefix <c>--publish</c> uses when given none.</summary>
    public const string DefaultReplay = "replay";

    /// <summary>Throws when <paramref name="prefix"/> (null: none, the live subjects) is not <c>replay</c> or <c>replay.NAME…</c>.</summary>
    public static void Validate(string? prefix)
    {
        if (prefix is null)
            return;
        if (!Shape().IsMatch(prefix))
            throw new ArgumentException($"subject prefix '{prefix}': expected 'replay' or 'replay.NAME' (tokens of letters, digits, - and _), so replayed outputs never reach the live subjects");
    }

    /// <summary><paramref name="subject"/> under <paramref name="prefix"/> (unchanged without one).</summary>
    public static string Apply(string? prefix, string subject) => prefix is null ? subject : prefix + "." + subject;

    /// <summary>The subject without <paramref name="prefix"/>; false when it is not under it.</summary>
    public static bool TryStrip(string? prefix, string subject, out string stripped)
    {
        stripped = subject;
        if (prefix is null)
            return true;
        if (subject.Length <= prefix.Length + 1 || !subject.StartsWith(prefix, StringComparison.Ordinal) || subject[prefix.Length] != '.')
            return false;
        stripped = subject[(prefix.Length + 1)..];
        return true;
    }

    [GeneratedRegex(@"^replay(\.[A-Za-z0-9_-]+)*$")]
    private static partial Regex Shape();
}
