using TradingEngine.Configuration;

namespace TradingEngine.Engine.Pipelines;

/// <summary>
/// The trading session time bars align to, as declared under <c>session:</c>: either a preset
/// (<c>utc</c> or a calendar of pipelines/calendars.yaml: <c>cme_globex</c>, <c>cme_metals</c>, <c>cme_fx</c>, <c>us_equity</c>, <c>us_equity_extended</c>) or a zone with open
/// and optional close local times and the weekdays a session opens
/// (e.g. US equities 09:30–16:00 America/New_York, Monday to Friday).
/// </summary>
/// <param name="Preset">A preset name, or null for an explicit session.</param>
/// <param name="TimeZone">IANA zone id (explicit sessions).</param>
/// <param name="Open">Local time of day a session opens: the anchor of every bucket.</param>
/// <param name="Close">Local time of day it closes (next day when not after Open), or null: at the next open.</param>
/// <param name="Days">Weekdays a session opens; empty: every day.</param>
/// <param name="Line">1-based line of <c>session:</c>.</param>
public sealed record SessionSpec(string? Preset, string TimeZone, TimeSpan Open, TimeSpan? Close, IReadOnlyList<DayOfWeek> Days, int Line)
{
    /// <summary>UTC alignment, used when a pipeline declares no session.</summary>
    public static readonly SessionSpec Utc = new("utc", "UTC", TimeSpan.Zero, null, [], 0);

    /// <summary>The preset names <c>session:</c> accepts: utc and the calendars of pipelines/calendars.yaml.</summary>
    public static IReadOnlyList<string> Presets => TradingEngine.Types.SessionCalendar.PresetNames;

    /// <summary>How the session reads in messages and <c>te dag</c>.</summary>
    public override string ToString() =>
        Preset ?? (Close is { } c ? $"{TimeZone} {Open:hh\\:mm}-{c:hh\\:mm}" : $"{TimeZone} {Open:hh\\:mm}");
}
