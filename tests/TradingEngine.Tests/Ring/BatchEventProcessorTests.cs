using System.Collections.Concurrent;
using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

public sealed class BatchEventProcessorTests
{
    private static void PublishValues(RingBuffer<TestEvent> ring, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var scope = ring.Claim();
            scope.Event.Value = i;
            scope.Event.Sequence = scope.Sequence;
        }
    }

    [Fact]
    public void Log_and_continue_logs_every_failure_and_handles_the_rest()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(16, new YieldingWaitStrategy());
        var pipeline = new RingPipeline<TestEvent>(ring);
        var errors = new ConcurrentQueue<(string Name, long Sequence)>();
        var processor = pipeline.Add(new ThrowingHandler(throwEvery: 10), new ProcessorOptions
        {
            Name = "journal",
            ExceptionPolicy = ExceptionPolicy.LogAndContinue,
            ErrorLog = (name, sequence, _) => errors.Enqueue((name, sequence)),
        });
        pipeline.Start();
        PublishValues(ring, 100);
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));

        Assert.Equal(ProcessorState.Halted, processor.State);
        Assert.Null(processor.Fault);
        Assert.Equal(10, processor.ExceptionCount);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => ("journal", i * 10L + 9)), errors.ToArray());
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 10 != 9).Select(i => (long)i), processor.Handler.Handled);
        Assert.Equal(99, processor.Sequence.Value);
        Assert.True(processor.Handler.Started);
        Assert.True(processor.Handler.ShutDown);
    }

    [Fact]
    public void Halt_policy_stops_the_processor_at_the_failing_event_and_keeps_the_exception()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(64, new YieldingWaitStrategy());
        var pipeline = new RingPipeline<TestEvent>(ring);
        var logged = 0;
        var processor = pipeline.Add(new ThrowingHandler(throwEvery: 10), new ProcessorOptions
        {
            ExceptionPolicy = ExceptionPolicy.Halt,
            ErrorLog = (_, _, _) => Interlocked.Increment(ref logged),
        });
        pipeline.Start();
        PublishValues(ring, 30);
        Assert.True(processor.Join(TimeSpan.FromSeconds(10)));

        Assert.Equal(ProcessorState.Faulted, processor.State);
        Assert.IsType<InvalidOperationException>(processor.Fault);
        Assert.Equal(1, Volatile.Read(ref logged));
        Assert.Equal(8, processor.Sequence.Value); // 0..8 handled, 9 failed: not released
        Assert.True(processor.Handler.ShutDown);
        // A faulted consumer is not waited for when draining.
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(5)));
        Assert.Equal(30 - 9, ring.Occupancy);
    }

    [Fact]
    public void Shutdown_drains_every_published_event_through_every_stage()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(32, new BlockingWaitStrategy());
        var pipeline = new RingPipeline<TestEvent>(ring);
        var executorLog = new EventLog(1);
        var publisherLog = new EventLog(1);
        var executor = pipeline.Add(new CheckingHandler(executorLog) { StampA = true });
        var publisher = pipeline.Add(new CheckingHandler(publisherLog) { RequireA = true, SpinPerEvent = 100 }, null, executor);
        pipeline.Start();
        RingTestDriver.Publish(ring, 0, 5000, 1, RingTestDriver.ClaimMode.Single);
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(20)));
        Assert.Equal(5000, executorLog.Count);
        Assert.Equal(5000, publisherLog.Count);
        Assert.Null(publisherLog.Error);
        Assert.Equal(1, publisher.Handler.Starts);
        Assert.Equal(1, publisher.Handler.Shutdowns);
        Assert.Equal(ProcessorState.Halted, publisher.State);
    }

    [Fact]
    public void Blocking_timeout_reaches_the_handler()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new BlockingWaitStrategy(TimeSpan.FromMilliseconds(2)));
        var pipeline = new RingPipeline<TestEvent>(ring);
        var processor = pipeline.Add(new ThrowingHandler(0));
        pipeline.Start();
        var deadline = Environment.TickCount64 + 10_000;
        var spinner = new SpinWait();
        while (Volatile.Read(ref processor.Handler.Timeouts) < 3 && Environment.TickCount64 < deadline)
            spinner.SpinOnce();
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));
        Assert.True(processor.Handler.Timeouts >= 3);
    }

    [Fact]
    public void A_processor_runs_once()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new YieldingWaitStrategy());
        var processor = new BatchEventProcessor<TestEvent, ThrowingHandler>(ring, ring.NewBarrier(), new ThrowingHandler(0));
        processor.Halt();
        processor.Run(); // halted before it started: returns at once
        Assert.Equal(ProcessorState.Halted, processor.State);
        Assert.False(processor.Handler.Started);
        Assert.Throws<InvalidOperationException>(processor.Start);
    }

    [Fact]
    public void Pipeline_rejects_a_stage_after_a_foreign_processor()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new YieldingWaitStrategy());
        var other = new RingPipeline<TestEvent>(ring).Add(new ThrowingHandler(0));
        var pipeline = new RingPipeline<TestEvent>(ring);
        Assert.Throws<ArgumentException>(() => pipeline.Add(new ThrowingHandler(0), null, other));
    }

    [Fact]
    public void Consumer_thread_can_be_pinned_on_linux()
    {
        Assert.SkipUnless(ThreadAffinity.IsSupported, "sched_setaffinity is Linux only");
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new YieldingWaitStrategy());
        var pipeline = new RingPipeline<TestEvent>(ring);
        var errors = 0;
        var processor = pipeline.Add(new ThrowingHandler(0), new ProcessorOptions { Cpu = 0, ErrorLog = (_, _, _) => Interlocked.Increment(ref errors) });
        pipeline.Start();
        PublishValues(ring, 10);
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, Volatile.Read(ref errors));
        Assert.Equal(10, processor.Handler.Handled.Count);
    }

    [Fact]
    public void Pinning_to_a_cpu_that_does_not_exist_is_reported()
    {
        Assert.SkipUnless(ThreadAffinity.IsSupported, "sched_setaffinity is Linux only");
        int errno = 0;
        var ok = true;
        var thread = new Thread(() => ok = ThreadAffinity.TryPinCurrentThread(1023, out errno));
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        Assert.False(ok);
        Assert.NotEqual(0, errno);
    }
}
