using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>A struct handler that throws on chosen sequences and records what it handled.</summary>
public struct ThrowingHandler : IEventHandler<TestEvent>
{
    public long ThrowEvery;
    public List<long> Handled;
    public int Timeouts;
    public bool Started;
    public bool ShutDown;

    public ThrowingHandler(long throwEvery)
    {
        ThrowEvery = throwEvery;
        Handled = [];
    }

    public void OnStart() => Started = true;

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (ThrowEvery > 0 && sequence % ThrowEvery == ThrowEvery - 1)
            throw new InvalidOperationException($"bad event {sequence}");
        Handled.Add(sequence);
    }

    public void OnTimeout(long sequence) => Timeouts++;

    public void OnShutdown() => ShutDown = true;
}
