using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>
/// Steady state allocates nothing: over 1M events, the whole process (producer, consumers, every other thread)
/// allocates 0 bytes and runs no gen-0 collection.
/// </summary>
[Collection(nameof(RingAllocationCollection))]
public sealed class RingAllocationTests
{
    private const int Events = 1_000_000;

    [Theory]
    [InlineData(ProducerType.Single, "yielding")]
    [InlineData(ProducerType.Multi, "blocking")]
    public void Million_events_allocate_nothing_in_the_whole_process(ProducerType producerType, string waitName)
    {
        WaitStrategy wait = waitName == "yielding" ? new YieldingWaitStrategy() : new BlockingWaitStrategy(TimeSpan.FromMilliseconds(1));
        var ring = new RingBuffer<TestEvent>(4096, producerType, wait);
        var pipeline = new RingPipeline<TestEvent>(ring);
        var counter = new Counter();
        pipeline.Add(new CountingHandler(counter));
        pipeline.Start();

        // Warm up: JIT tiers, first-use statics.
        Publish(ring, 0, Events / 4);
        Assert.True(counter.WaitFor(Events / 4, TimeSpan.FromSeconds(30)));

        var collections = GC.CollectionCount(0);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Publish(ring, Events / 4, Events);
        var done = counter.WaitFor(Events / 4 + Events, TimeSpan.FromSeconds(30));
        var after = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsAfter = GC.CollectionCount(0);

        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));
        Assert.True(done, "consumer did not see every event");
        Assert.Equal(0, after - before);
        Assert.Equal(collections, collectionsAfter);
        long n = Events / 4 + Events;
        Assert.Equal(n * (n - 1) / 2, counter.Sum);
    }

    private static void Publish(RingBuffer<TestEvent> ring, long from, long count)
    {
        for (var v = from; v < from + count; v++)
        {
            using var scope = ring.Claim();
            scope.Event.Value = v;
        }
    }
}
