namespace TradingEngine.Tests.Ring;

/// <summary>The event of the ring tests: who wrote it, for which sequence, and what each stage stamped on it.</summary>
public struct TestEvent
{
    public long Sequence;
    public int Producer;
    public long Value;
    public long StageA;
    public long StageB;
}
