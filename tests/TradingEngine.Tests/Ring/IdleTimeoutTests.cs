using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>
/// <see cref="ProcessorOptions.IdleTimeout"/>: a consumer with nothing to read hears it after the timeout under every
/// wait strategy (the spinning ones never time out on their own), goes on handling what arrives after, and halts
/// promptly.
/// </summary>
public sealed class IdleTimeoutTests
{
    public static TheoryData<string> Strategies => ["blocking", "blocking-own-timeout", "sleeping", "yielding", "busy-spin", "per-thread"];

    private static WaitStrategy Create(string name) => name switch
    {
        "blocking" => new BlockingWaitStrategy(),
        "blocking-own-timeout" => new BlockingWaitStrategy(TimeSpan.FromSeconds(30)), // longer than the idle timeout: the shorter wins
        "sleeping" => new SleepingWaitStrategy(),
        "yielding" => new YieldingWaitStrategy(),
        "busy-spin" => new BusySpinWaitStrategy(),
        "per-thread" => new PerThreadWaitStrategy(new BlockingWaitStrategy()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such strategy in this test"),
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void A_quiet_consumer_hears_its_idle_timeout_then_handles_what_comes_after(string strategy)
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, Create(strategy));
        var pipeline = new RingPipeline<TestEvent>(ring);
        var processor = pipeline.Add(new ThrowingHandler(0), new ProcessorOptions { IdleTimeout = TimeSpan.FromMilliseconds(20) });
        pipeline.Start();
        try
        {
            Assert.True(SpinUntil(() => Volatile.Read(ref processor.Handler.Timeouts) >= 3), $"{strategy}: {processor.Handler.Timeouts} idle calls in 10 s");
            using (var scope = ring.Claim())
                scope.Event.Value = 7;
            Assert.True(pipeline.WaitUntilDrained(TimeSpan.FromSeconds(10)));
            var before = Volatile.Read(ref processor.Handler.Timeouts);
            Assert.True(SpinUntil(() => Volatile.Read(ref processor.Handler.Timeouts) > before), $"{strategy}: no idle call after the event");
        }
        finally
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{strategy}: halting took {clock.Elapsed}");
        }
        Assert.Equal([0L], processor.Handler.Handled);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Without_an_idle_timeout_a_spinning_or_plain_blocking_consumer_is_never_told(string strategy)
    {
        if (strategy == "blocking-own-timeout")
            return; // its own timeout reports by design (BatchEventProcessorTests.Blocking_timeout_reaches_the_handler)
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, Create(strategy));
        var pipeline = new RingPipeline<TestEvent>(ring);
        var processor = pipeline.Add(new ThrowingHandler(0));
        pipeline.Start();
        Thread.Sleep(200);
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, processor.Handler.Timeouts);
    }

    [Fact]
    public void An_idle_timeout_must_be_positive()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new YieldingWaitStrategy());
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BatchEventProcessor<TestEvent, ThrowingHandler>(ring, ring.NewBarrier(), new ThrowingHandler(0), new ProcessorOptions { IdleTimeout = TimeSpan.Zero }));
    }

    private static bool SpinUntil(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
                return false;
            Thread.Sleep(1);
        }
        return true;
    }
}
