namespace TradingEngine.Journal.Continuous;

/// <summary><c>te replay --continuous ROOT</c>: one back-adjusted (or not) series of the root's contracts.</summary>
/// <param name="Root">The future root of the instrument registry (ES, GC), which must have a <c>roll:</c>.</param>
/// <param name="Adjustment">How the contracts join.</param>
/// <param name="OpenInterestPath">The daily open interest CSV rule open_interest needs (<see cref="OpenInterestTable"/>).</param>
public sealed record ContinuousOptions(string Root, ContinuousAdjustment Adjustment = ContinuousAdjustment.Difference, string? OpenInterestPath = null);
