using CsCheck;
using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>
/// Property tests over random ring sizes, batch sizes, claim styles, producer counts, consumer topologies and
/// wait strategies: every published event reaches every consumer exactly once and in order, later stages see
/// only what earlier stages finished, and a slowed consumer is never overrun.
/// </summary>
public sealed class RingPropertyTests
{
    public enum Topology
    {
        OneConsumer,
        TwoParallel,
        Pipeline,
        Diamond,
    }

    public enum Wait
    {
        BusySpin,
        Yielding,
        Sleeping,
        Blocking,
        BlockingWithTimeout,
    }

    public sealed record Case(int RingSize, int Batch, RingTestDriver.ClaimMode Mode, int Producers, bool MultiProducer,
        Topology Topology, Wait Wait, int SlowConsumer, int EventsPerProducer);

    private static readonly Gen<Case> Cases =
        from log2 in Gen.Int[0, 8]
        from batchSeed in Gen.Int[1, 256]
        from mode in Gen.Int[0, 2]
        from producers in Gen.Int[1, 3]
        from multi in Gen.Bool
        from topology in Gen.Int[0, 3]
        from wait in Gen.Int[0, 4]
        from slow in Gen.Int[-1, 2]
        from events in Gen.Int[1, 1500]
        let size = 1 << log2
        let consumers = topology switch { 0 => 1, 1 => 2, 2 => 2, _ => 3 }
        // 2 cores: busy-spin only when the spinning threads fit on them.
        let waitKind = wait == 0 && producers + consumers > 2 ? Wait.Yielding : (Wait)wait
        select new Case(size, 1 + (batchSeed - 1) % size, (RingTestDriver.ClaimMode)mode, producers, multi || producers > 1,
            (Topology)topology, waitKind, slow, events);

    /// <summary>
    /// How long the ring may stand still before a case fails. Progress-based, not a deadline for the whole case: on a
    /// machine at load 50 a case can take minutes and still move (a 20 s deadline failed that way), while a lost wake-up
    /// or a deadlock stops every sequence and fails here.
    /// </summary>
    internal static readonly TimeSpan Stall = TimeSpan.FromSeconds(20);

    [Fact]
    public void Every_event_reaches_every_consumer_once_in_order_and_gating_holds() =>
        Cases.Sample(RunCase, iter: 100, threads: 1);

    [Fact]
    public void A_ring_that_stops_moving_still_fails_the_progress_bounded_wait()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(4, new BlockingWaitStrategy());
        var pipeline = new RingPipeline<TestEvent>(ring);
        using var release = new ManualResetEventSlim(false);
        pipeline.Add(new BlockedHandler(release));
        pipeline.Start();
        try
        {
            // the consumer never releases its first event: the producers fill 4 slots and stop
            var failure = Assert.ThrowsAny<Exception>(() =>
                RingTestDriver.PublishConcurrently(ring, pipeline, 2, 100, 1, RingTestDriver.ClaimMode.Single, TimeSpan.FromMilliseconds(300)));
            Assert.Contains("no progress for", failure.Message);
            Assert.Contains("still publishing", failure.Message);
        }
        finally
        {
            release.Set();
            pipeline.Halt();
        }
    }

    private readonly struct BlockedHandler(ManualResetEventSlim release) : IEventHandler<TestEvent>
    {
        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch) => release.Wait();

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }

    internal static void RunCase(Case c)
    {
        WaitStrategy wait = c.Wait switch
        {
            Wait.BusySpin => new BusySpinWaitStrategy(),
            Wait.Yielding => new YieldingWaitStrategy(),
            Wait.Sleeping => new SleepingWaitStrategy(),
            Wait.Blocking => new BlockingWaitStrategy(),
            _ => new BlockingWaitStrategy(TimeSpan.FromMilliseconds(1)),
        };
        var ring = new RingBuffer<TestEvent>(c.RingSize, c.MultiProducer ? ProducerType.Multi : ProducerType.Single, wait);
        var pipeline = new RingPipeline<TestEvent>(ring);
        var logs = new List<EventLog>();

        CheckingHandler Handler(int index)
        {
            var log = new EventLog(c.Producers);
            logs.Add(log);
            return new CheckingHandler(log) { SpinPerEvent = index == c.SlowConsumer ? 200 : 0 };
        }

        switch (c.Topology)
        {
            case Topology.OneConsumer:
                pipeline.Add(Handler(0));
                break;
            case Topology.TwoParallel:
                pipeline.Add(Handler(0));
                pipeline.Add(Handler(1));
                break;
            case Topology.Pipeline:
            {
                var a = pipeline.Add(Handler(0) with { StampA = true });
                pipeline.Add(Handler(1) with { RequireA = true }, null, a);
                break;
            }
            default:
            {
                var a = pipeline.Add(Handler(0) with { StampA = true });
                var b = pipeline.Add(Handler(1) with { StampB = true });
                pipeline.Add(Handler(2) with { RequireA = true, RequireB = true }, null, a, b);
                break;
            }
        }

        pipeline.Start();
        try
        {
            if (c.Producers == 1)
                RingTestDriver.Publish(ring, 0, c.EventsPerProducer, c.Batch, c.Mode);
            else
                RingTestDriver.PublishConcurrently(ring, pipeline, c.Producers, c.EventsPerProducer, c.Batch, c.Mode, Stall);
            RingTestDriver.ShutdownWhileMoving(pipeline, Stall);
        }
        finally
        {
            pipeline.Halt();
        }

        long total = (long)c.Producers * c.EventsPerProducer;
        foreach (var log in logs)
        {
            Assert.Null(log.Error);
            Assert.Equal(total, log.Count);
            for (var p = 0; p < c.Producers; p++)
                Assert.Equal(c.EventsPerProducer - 1, log.LastValueOf(p));
        }
        foreach (var processor in pipeline.Processors)
            Assert.Equal(ProcessorState.Halted, processor.State);
        Assert.Equal(0, ring.Occupancy);
    }
}
