using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>
/// Time-bounded stress: two producers into a multi-producer ring, a diamond of three consumers (A and B in
/// parallel, C after both), yielding or blocking waits (2 cores: nothing here busy-spins).
/// </summary>
public sealed class RingStressTests
{
    [Theory]
    [InlineData("yielding")]
    [InlineData("blocking")]
    public void Two_producers_diamond_of_three_consumers(string waitName)
    {
        WaitStrategy wait = waitName == "yielding" ? new YieldingWaitStrategy() : new BlockingWaitStrategy(TimeSpan.FromMilliseconds(5));
        var ring = RingBuffer<TestEvent>.CreateMultiProducer(1024, wait);
        var pipeline = new RingPipeline<TestEvent>(ring);
        var logA = new EventLog(2);
        var logB = new EventLog(2);
        var logC = new EventLog(2);
        var a = pipeline.Add(new CheckingHandler(logA) { StampA = true });
        var b = pipeline.Add(new CheckingHandler(logB) { StampB = true });
        pipeline.Add(new CheckingHandler(logC) { RequireA = true, RequireB = true }, null, a, b);
        pipeline.Start();

        var deadline = Environment.TickCount64 + 1500;
        var published = new long[2];
        var producers = new Thread[2];
        for (var p = 0; p < 2; p++)
        {
            var producer = p;
            producers[p] = new Thread(() =>
            {
                long value = 0;
                while (Environment.TickCount64 < deadline)
                {
                    var n = 1 + (int)(value % 7);
                    using var scope = ring.ClaimBatch(n);
                    for (var i = 0; i < n; i++)
                    {
                        ref var evt = ref scope[i];
                        evt.Sequence = scope.FirstSequence + i;
                        evt.Producer = producer;
                        evt.Value = value++;
                        evt.StageA = -1;
                        evt.StageB = -1;
                    }
                }
                published[producer] = value;
            }) { IsBackground = true };
            producers[p].Start();
        }
        foreach (var thread in producers)
            Assert.True(thread.Join(TimeSpan.FromSeconds(20)));
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(20)));

        var total = published[0] + published[1];
        Assert.True(total > 10_000, $"only {total} events in 1.5 s");
        foreach (var log in new[] { logA, logB, logC })
        {
            Assert.Null(log.Error);
            Assert.Equal(total, log.Count);
            Assert.Equal(published[0] - 1, log.LastValueOf(0));
            Assert.Equal(published[1] - 1, log.LastValueOf(1));
        }
    }
}
