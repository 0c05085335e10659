using TradingEngine.Engine.Runtime;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Runtime;

public class LiveClockTests
{
    private static readonly SymbolId Es = new(1), Nq = new(2), Cl = new(3);

    [Fact]
    public void Each_round_writes_one_timer_per_symbol_stamped_with_the_wall_clock_in_its_own_aligned_slot()
    {
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        var interval = TimeSpan.FromMilliseconds(40);
        var phase = TimeSpan.FromMilliseconds(7);
        var before = UtcNanos.Now();
        using (var clock = new LiveClock([(ring, [Es, Nq]), (ring, [Cl])], interval, phase))
        {
            clock.Start();
            Until(() => clock.Rounds >= 6, TimeSpan.FromSeconds(10));
            clock.Dispose();
            Assert.True(clock.Rounds >= 6, $"{clock.Rounds} rounds in 10 s");
            Assert.Equal(3 * clock.Rounds, clock.Injected);
            Assert.Equal(0, clock.Skipped);
        }
        var after = UtcNanos.Now();
        var events = Enumerable.Range(0, (int)ring.Cursor.Value + 1).Select(s => ring[s]).ToList();
        Assert.All(events, e => Assert.Equal(MarketEventKind.Timer, e.Kind));
        var intervalNs = interval.Ticks * 100;
        var phaseNs = phase.Ticks * 100;
        var slots = new List<long>();
        for (var r = 0; r < events.Count; r += 3)
        {
            // one round: the executors' symbols in order, one stamp, event and receive time alike
            Assert.Equal([Es, Nq, Cl], events.Skip(r).Take(3).Select(e => e.Timer.Symbol));
            var stamp = events[r].Timer.EventTime;
            Assert.All(events.Skip(r).Take(3), e => Assert.Equal((stamp, stamp, 0L), (e.Timer.EventTime, e.Timer.ReceiveTime, e.SourceSequence)));
            Assert.InRange(stamp, before, after);
            slots.Add(UtcNanos.FloorDiv(stamp - phaseNs, intervalNs));
        }
        // never two rounds in one slot (a round waits for its aligned instant); a loaded machine may skip slots
        Assert.Equal(slots.Distinct().Count(), slots.Count);
        Assert.Equal(slots.Order(), slots);
    }

    [Fact]
    public void The_first_round_is_the_next_aligned_instant_after_now()
    {
        using var clock = new LiveClock([(RingBuffer<MarketEvent>.CreateMultiProducer(16), [Es])], TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
        var minute = 60 * UtcNanos.PerSecond * 29_000_000L;
        Assert.Equal(minute + 250 * UtcNanos.PerMillisecond, clock.NextRound(minute));
        Assert.Equal(minute + 250 * UtcNanos.PerMillisecond, clock.NextRound(minute + 249 * UtcNanos.PerMillisecond));
        Assert.Equal(minute + 1_250 * UtcNanos.PerMillisecond, clock.NextRound(minute + 250 * UtcNanos.PerMillisecond));
    }

    [Fact]
    public void A_full_ring_skips_that_round_and_counts_the_timers_it_did_not_write()
    {
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(4);
        ring.AddGatingSequences(new Sequence()); // a consumer that never moves: two rounds of two fill the ring
        using var clock = new LiveClock([(ring, [Es, Nq])], TimeSpan.FromMilliseconds(5));
        clock.Start();
        Until(() => clock.Skipped >= 4, TimeSpan.FromSeconds(10));
        clock.Dispose();
        Assert.Equal(4, clock.Injected);
        Assert.True(clock.Skipped >= 4, $"skipped {clock.Skipped}");
        Assert.Equal(clock.Rounds * 2, clock.Injected + clock.Skipped);
        Assert.Equal(3, ring.Cursor.Value);
    }

    [Fact]
    public void Rounds_after_the_first_allocate_nothing_on_the_clock_thread()
    {
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1 << 12);
        using var clock = new LiveClock([(ring, [Es, Nq, Cl])], TimeSpan.FromMilliseconds(2));
        clock.Start();
        // a loaded machine wakes the clock late: a few dozen rounds are enough to see an allocation per round
        Until(() => clock.Rounds >= 30, TimeSpan.FromSeconds(30));
        clock.Dispose();
        Assert.True(clock.Rounds >= 30, $"{clock.Rounds} rounds");
        Assert.Equal(0, clock.SteadyAllocatedBytes);
    }

    [Fact]
    public void A_clock_thread_that_starts_late_and_rounds_at_once_still_allocates_nothing_in_steady_state()
    {
        // the clock thread scheduled after its first instant (a loaded machine): its first round runs before it ever
        // waited, and the first real wait then created the wait's lock object (24 B), counted as a steady allocation
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1 << 12);
        using var clock = new LiveClock([(ring, [Es, Nq, Cl])], TimeSpan.FromMilliseconds(2), time: new LateStart(TimeSpan.FromMilliseconds(50)));
        clock.Start();
        Until(() => clock.Rounds >= 30, TimeSpan.FromSeconds(30));
        clock.Dispose();
        Assert.True(clock.Rounds >= 30, $"{clock.Rounds} rounds");
        Assert.Equal(0, clock.SteadyAllocatedBytes);
    }

    /// <summary>The wall clock, except that its first reading is <c>lag</c> early: the clock's first instant has passed when it looks again.</summary>
    private sealed class LateStart(TimeSpan lag) : TimeProvider
    {
        private int _reads;

        public override DateTimeOffset GetUtcNow() =>
            Interlocked.Increment(ref _reads) == 1 ? base.GetUtcNow() - lag : base.GetUtcNow();
    }

    // polls without spinning: the clock thread needs the core more than the test does
    private static void Until(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
            Thread.Sleep(5);
    }

    [Fact]
    public void An_interval_below_a_millisecond_is_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LiveClock([(RingBuffer<MarketEvent>.CreateMultiProducer(16), [Es])], TimeSpan.Zero));
        Assert.Contains("interval", ex.Message, StringComparison.Ordinal);
    }
}
