using TradingEngine.Configuration;
using TradingEngine.Engine.Pipelines;
using Calendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Engine.Runtime;

/// <summary>Turns a pipeline's <c>session:</c> into the aggregation's calendar.</summary>
internal static class SessionCalendars
{
    public static Calendar From(SessionSpec session) => session.Preset is { } preset
        ? Calendar.Preset(preset)
        : Calendar.Create(session.TimeZone, session.Open, session.Close, session.Days.ToArray());
}
