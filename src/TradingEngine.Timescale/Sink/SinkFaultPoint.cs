namespace TradingEngine.Timescale.Sink;

/// <summary>Where a test injects a fault into the writer: after the COPYs, before the commit; or right after the commit.</summary>
internal enum SinkFaultPoint
{
    BeforeCommit,
    AfterCommit,
}
