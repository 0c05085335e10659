using TradingEngine.Types;

namespace TradingEngine.Configuration;

/// <summary>
/// The named exchange calendars of pipelines/calendars.yaml as members of <see cref="SessionCalendar"/>
/// (<c>SessionCalendar.CmeGlobex</c>, <c>SessionCalendar.Preset(name)</c>): the calendar type stays in
/// TradingEngine.Types, which depends on nothing, and the file is read here, where YAML is read.
/// </summary>
public static class SessionCalendarPresets
{
    extension(SessionCalendar)
    {
        /// <summary>CME Globex equity index futures (ES, NQ): 17:00–16:00 America/Chicago (16:15 before 2015-09-21), CME holidays.</summary>
        public static SessionCalendar CmeGlobex => ExchangeCalendars.Get("cme_globex");

        /// <summary>US equities, regular hours: 09:30–16:00 America/New_York, Monday to Friday, NYSE holidays and 13:00 early closes.</summary>
        public static SessionCalendar UsEquityRegular => ExchangeCalendars.Get("us_equity");

        /// <summary>US equities with pre- and post-market: 04:00–20:00 America/New_York, NYSE holidays (17:00 on early-close days).</summary>
        public static SessionCalendar UsEquityExtended => ExchangeCalendars.Get("us_equity_extended");

        /// <summary>The names <c>Preset</c> accepts: <c>utc</c> and every calendar of pipelines/calendars.yaml, in file order.</summary>
        public static IReadOnlyList<string> PresetNames => ExchangeCalendars.PresetNames;

        /// <summary>The calendar a pipeline's <c>session: NAME</c> (or a node's <c>session</c> parameter) names.</summary>
        public static SessionCalendar Preset(string name) => name == "utc" ? SessionCalendar.Utc : ExchangeCalendars.Get(name);
    }
}
