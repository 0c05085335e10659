using TradingEngine.Configuration;
using TradingEngine.Engine.Dag;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// The <c>session</c> parameter of session-anchored kinds. A node cannot see the pipeline's <c>session:</c>
/// (it receives its own parameters only), so the anchor is named explicitly and required: a silent UTC
/// default would cut a CME session at midnight.
/// </summary>
internal static class SessionParameter
{
    public static ParameterSpec Spec { get; } = With(null);

    /// <summary>The parameter with a default, for kinds where the session is optional (rolling profiles ignore it).</summary>
    public static ParameterSpec With(string? defaultValue) => ParameterSpec.Choice(
        "session", defaultValue, [.. SessionCalendar.PresetNames], "session the state resets at: utc (00:00 UTC) or a calendar of pipelines/calendars.yaml (cme_globex, cme_metals, cme_fx: CME Globex 17:00-16:00 America/Chicago; us_equity 09:30-16:00 America/New_York; us_equity_extended 04:00-20:00) with its holidays and early closes; the aggregation's calendars of the same names");

    public static SessionCalendar Read(NodeParameters parameters) => SessionCalendar.Preset(parameters.Text("session"));
}
