using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>
/// A struct handler that checks every event into its <see cref="EventLog"/>, optionally stamps its stage on the slot,
/// optionally requires earlier stages, and can be slowed down so the producers fill the ring.
/// </summary>
public struct CheckingHandler : IEventHandler<TestEvent>
{
    public EventLog Log;
    public bool StampA;
    public bool StampB;
    public bool RequireA;
    public bool RequireB;
    public int SpinPerEvent;
    public int Starts;
    public int Shutdowns;
    public long Batches;

    public CheckingHandler(EventLog log) => Log = log;

    public void OnStart() => Starts++;

    public void OnBatchStart(long batchSize) => Batches++;

    public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (SpinPerEvent > 0)
            Thread.SpinWait(SpinPerEvent);
        Log.Check(ref evt, sequence, RequireA, RequireB);
        if (StampA)
            evt.StageA = sequence;
        if (StampB)
            evt.StageB = sequence;
    }

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown() => Shutdowns++;
}
