namespace TradingEngine.Timescale.Sink;

/// <summary>
/// Thrown by a test's fault injector to stop the writer dead, as a process kill would: no rollback call, no retry,
/// nothing more written; the open transaction dies with its connection.
/// </summary>
internal sealed class SinkKilledException() : Exception("sink killed by fault injection");
