namespace TradingEngine.Perf.Ring;

/// <summary>The 32-byte struct event of the ring suite (the size Disruptor-net's figures were measured with).</summary>
public struct PerfEvent
{
    public long Value;
    public long Timestamp;
    public long A;
    public long B;
}
