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
    private static readonly string[] Names = ["utc", "cme_globex", "us_equity", "us_equity_extended"];

    public static ParameterSpec Spec { get; } = With(null);

    /// <summary>The parameter with a default, for kinds where the session is optional (rolling profiles ignore it).</summary>
    public static ParameterSpec With(string? defaultValue) => ParameterSpec.Choice(
        "session", defaultValue, Names, "session the state resets at: utc (00:00 UTC), cme_globex (17:00-16:00 America/Chicago), us_equity (09:30-16:00 America/New_York), us_equity_extended (04:00-20:00); the aggregation's calendars of the same names");

    public static SessionCalendar Read(NodeParameters parameters) => parameters.Text("session") switch
    {
        "utc" => SessionCalendar.Utc,
        "cme_globex" => SessionCalendar.CmeGlobex,
        "us_equity" => SessionCalendar.UsEquityRegular,
        _ => SessionCalendar.UsEquityExtended,
    };
}
