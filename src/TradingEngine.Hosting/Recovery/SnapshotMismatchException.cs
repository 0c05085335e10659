namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// A snapshot that passed its checksum but whose state does not fit the executor's pipelines (a changed pipeline
/// file). Unlike a damaged file this is not a reason to fall back to an older snapshot: those were written by the
/// same pipeline, and the executor may already hold part of the state.
/// </summary>
internal sealed class SnapshotMismatchException(string message, Exception inner) : InvalidOperationException(message, inner);
