using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

public sealed class RingBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(-8)]
    public void Size_must_be_a_power_of_two(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingBuffer<TestEvent>(size));

    [Fact]
    public void Slots_are_preallocated_and_addressed_by_ref_modulo_size()
    {
        var ring = new RingBuffer<TestEvent>(8, factory: () => new TestEvent { Value = 7 });
        ring[3].Value = 33;
        Assert.Equal(33, ring[11].Value);
        Assert.Equal(7, ring[4].Value);
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void TryClaim_fails_when_the_slowest_gating_consumer_holds_every_slot(ProducerType type)
    {
        var ring = new RingBuffer<TestEvent>(4, type, new YieldingWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(ring.TryClaim(out var scope));
            using (scope)
                scope.Event.Value = i;
        }
        Assert.Equal(4, ring.Occupancy);
        Assert.False(ring.TryClaim(out _));
        Assert.False(ring.TryClaimBatch(2, out _));
        Assert.Equal(2, ring.TryClaimFailureCount);

        consumer.SetValue(1); // consumer released sequences 0 and 1
        Assert.True(ring.TryClaimBatch(2, out var batch));
        using (batch)
        {
            Assert.Equal(4, batch.FirstSequence);
            Assert.Equal(5, batch.LastSequence);
        }
        Assert.Equal(5, ring.PublishedSequence);
        Assert.Equal(4, ring.Occupancy);
        Assert.Equal(0, ring.RemainingCapacity);
    }

    [Fact]
    public void Blocking_claim_waits_for_the_consumer_and_counts_the_wait()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(2, new YieldingWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        ring.Publish(ring.Next(2));
        using var claimed = new ManualResetEventSlim();
        var producer = new Thread(() =>
        {
            var sequence = ring.Next();
            ring.Publish(sequence);
            claimed.Set();
        }) { IsBackground = true };
        producer.Start();
        Assert.False(claimed.Wait(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken), "the producer overwrote a slot the consumer had not released");
        consumer.SetValue(0);
        Assert.True(claimed.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.True(producer.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, ring.Cursor.Value);
        Assert.Equal(1, ring.ProducerWaitCount);
    }

    [Fact]
    public void Batch_claim_larger_than_the_ring_is_rejected()
    {
        var ring = new RingBuffer<TestEvent>(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(0));
    }

    [Fact]
    public void Batch_scope_index_is_checked()
    {
        var ring = new RingBuffer<TestEvent>(8);
        var scope = ring.ClaimBatch(3);
        var caught = false;
        try
        {
            scope[3].Value = 1;
        }
        catch (ArgumentOutOfRangeException)
        {
            caught = true;
        }
        scope.Dispose();
        Assert.True(caught);
        Assert.Equal(2, ring.Cursor.Value);
    }

    [Fact]
    public void Multi_producer_consumers_only_see_contiguously_published_slots()
    {
        var ring = RingBuffer<TestEvent>.CreateMultiProducer(8, new YieldingWaitStrategy());
        var barrier = ring.NewBarrier();
        var first = ring.Next();
        var second = ring.Next();
        ring.Publish(second);
        Assert.False(ring.IsPublished(first));
        Assert.True(ring.IsPublished(second));
        Assert.Equal(-1, ring.PublishedSequence);
        ring.Publish(first);
        Assert.Equal(1, barrier.WaitFor(0));
    }

    [Fact]
    public void Blocking_wait_takes_no_lock_when_nobody_waits()
    {
        var wait = new BlockingWaitStrategy();
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, wait);
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // Another thread holds the strategy's monitor: a publish that locked would block on it.
        var holder = new Thread(() =>
        {
            lock (wait.Gate)
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            }
        }) { IsBackground = true };
        holder.Start();
        Assert.True(held.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        var producer = new Thread(() =>
        {
            for (var i = 0; i < 1000; i++)
                ring.Publish(ring.Next());
        }) { IsBackground = true };
        producer.Start();
        var finished = producer.Join(TimeSpan.FromSeconds(10));
        release.Set();
        Assert.True(holder.Join(TimeSpan.FromSeconds(10)));
        Assert.True(finished, "publishing blocked on the wait strategy's lock although no consumer was waiting");
        Assert.Equal(0, wait.Waiters);
        Assert.Equal(999, ring.Cursor.Value);
    }

    [Fact]
    public void Blocking_wait_with_timeout_returns_below_the_sequence_and_wakes_on_publish()
    {
        var wait = new BlockingWaitStrategy(TimeSpan.FromMilliseconds(20));
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, wait);
        var barrier = ring.NewBarrier();
        Assert.Equal(-1, barrier.WaitFor(0)); // times out

        long seen = -2;
        using var started = new ManualResetEventSlim();
        var consumer = new Thread(() =>
        {
            started.Set();
            long available;
            while ((available = barrier.WaitFor(0)) < 0)
            {
            }
            Volatile.Write(ref seen, available);
        }) { IsBackground = true };
        consumer.Start();
        Assert.True(started.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        ring.Publish(ring.Next());
        Assert.True(consumer.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, Volatile.Read(ref seen));
    }

    [Fact]
    public void Alert_wakes_a_blocked_consumer()
    {
        var ring = RingBuffer<TestEvent>.CreateSingleProducer(8, new BlockingWaitStrategy());
        var barrier = ring.NewBarrier();
        long result = 0;
        var consumer = new Thread(() => Volatile.Write(ref result, barrier.WaitFor(0))) { IsBackground = true };
        consumer.Start();
        barrier.Alert();
        Assert.True(consumer.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(-1, Volatile.Read(ref result));
        Assert.True(barrier.IsAlerted);
    }
}
