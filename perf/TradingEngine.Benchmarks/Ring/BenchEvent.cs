namespace TradingEngine.Benchmarks.Ring;

/// <summary>32-byte struct event, the size of Disruptor-net's published figures.</summary>
public struct BenchEvent
{
    public long Value;
    public long Timestamp;
    public long A;
    public long B;
}
