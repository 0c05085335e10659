using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

public class CooperativeWaitStrategyTests
{
    [Fact]
    public void A_core_mate_has_work_while_its_ring_cursor_is_ahead_of_its_sequence()
    {
        var strategy = new CooperativeWaitStrategy();
        Assert.False(strategy.MateHasWork()); // no mates: nobody to yield to
        var cursor = new Sequence();
        var consumer = new Sequence();
        strategy.YieldTo(cursor, consumer);
        Assert.Equal(1, strategy.Mates);
        Assert.False(strategy.MateHasWork());
        cursor.SetValue(3);
        Assert.True(strategy.MateHasWork());
        consumer.SetValue(3);
        Assert.False(strategy.MateHasWork());
    }

    [Fact]
    public void A_consumer_sees_every_event_while_its_core_mate_has_work_and_while_it_has_none()
    {
        // the consumer's mate never consumes (a stalled publisher): its ring holds work the whole run, so the consumer
        // yields on every check, and must still see each event at once and never wait for the mate
        foreach (var mateStalled in new[] { false, true })
        {
            var strategy = new CooperativeWaitStrategy(spinsPerYield: 4);
            var mateCursor = new Sequence();
            strategy.YieldTo(mateCursor, new Sequence());
            if (mateStalled)
                mateCursor.SetValue(10);
            var ring = RingBuffer<long>.CreateSingleProducer(64, strategy);
            var barrier = ring.NewBarrier();
            long seen = -1;
            var consumer = new Thread(() =>
            {
                for (var next = 0L; next < 1_000; next = seen + 1)
                    Volatile.Write(ref seen, barrier.WaitFor(next));
            });
            consumer.Start();
            for (var i = 0; i < 1_000; i++)
            {
                var sequence = ring.Next();
                ring[sequence] = i;
                ring.Publish(sequence);
                while (Volatile.Read(ref seen) < sequence)
                    Thread.SpinWait(1);
            }
            Assert.True(consumer.Join(TimeSpan.FromSeconds(10)));
            Assert.Equal(999, seen);
        }
    }

    [Fact]
    public void An_alert_ends_the_wait()
    {
        var strategy = new CooperativeWaitStrategy();
        var ring = RingBuffer<long>.CreateSingleProducer(8, strategy);
        var barrier = ring.NewBarrier();
        var returned = long.MaxValue;
        var waiter = new Thread(() => returned = barrier.WaitFor(0));
        waiter.Start();
        Thread.Sleep(20);
        barrier.Alert();
        Assert.True(waiter.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(-1, returned);
    }

    [Fact]
    public void Spins_per_yield_must_be_at_least_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CooperativeWaitStrategy(0));
}
