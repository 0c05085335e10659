namespace TradingEngine.Hosting.Replay;

/// <summary>
/// One reason a replay's input did not reach every output: how many events, and the first few with their time and
/// symbol (or the engine's message), for the summary.
/// </summary>
/// <param name="Reason">What happened, as the summary prints it ("outside session", "node failure", ...).</param>
/// <param name="Count">Events (or node runs, for node failures) it happened to.</param>
/// <param name="Examples">The first few, in input order.</param>
/// <param name="Refused">True when no pipeline took the events at all (a symbol not selected, a precision the
/// aggregation refuses); false when they were taken but left out of something (candles outside the session, a node
/// that failed on them).</param>
public sealed record ReplayDrop(string Reason, long Count, IReadOnlyList<string> Examples, bool Refused);
