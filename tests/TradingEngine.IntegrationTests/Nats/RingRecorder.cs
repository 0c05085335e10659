using System.Collections.Concurrent;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

/// <summary>
/// A ring consumer for tests: keeps a copy of every event, in ring order. Its processor's sequence also serves as
/// a stand-in "journal durable sequence" (everything up to it has been recorded).
/// </summary>
public sealed class RingRecorder
{
    private readonly ConcurrentQueue<MarketEvent> _events = new();

    public IReadOnlyList<MarketEvent> Events => _events.ToArray();

    public int Count => _events.Count;

    public Handler CreateHandler() => new(this);

    public readonly struct Handler : IEventHandler<MarketEvent>
    {
        private readonly RingRecorder _owner;

        public Handler(RingRecorder owner) => _owner = owner;

        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch) => _owner._events.Enqueue(evt);

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }
}
