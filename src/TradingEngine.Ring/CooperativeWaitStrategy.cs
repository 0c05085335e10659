namespace TradingEngine.Ring;

/// <summary>
/// For the hot thread of a core it shares with other ring consumers (dev-2core: the executor beside the publisher on
/// core 1): spins while those consumers have nothing to read, and yields the core as soon as one of their rings holds
/// work (<see cref="YieldTo"/>), and once every <see cref="SpinsPerYield"/> checks in any case (other threads of the
/// machine). 100% of a core, like <see cref="YieldingWaitStrategy"/>.
/// <para>
/// Why: two yielding threads on one core hand it to each other on every check, a context switch each (~2.5 µs on this
/// project's VM), so a tick that arrives while the idle publisher holds the core waits for the next switch before the
/// executor sees it. This thread keeps the core while its core-mates are idle, so it sees the tick at once, and hands
/// the core over exactly when it published something for them. A core-mate that does not run (blocked in I/O, stalled)
/// is never waited for: a yield returns at once when nobody else is runnable on the core.
/// </para>
/// </summary>
public sealed class CooperativeWaitStrategy : WaitStrategy
{
    /// <summary>
    /// Checks (each a <see cref="Thread.SpinWait(int)"/> pause, ~35 ns) between two yields while the core-mates are
    /// idle: ~35 µs. Measured on the dev-2core VM (perf/README.md, Pipeline, lat21b).
    /// </summary>
    public const int DefaultSpinsPerYield = 1_000;

    private Mate[] _mates = [];
    private readonly object _lock = new();

    /// <param name="spinsPerYield">Checks between two yields while no core-mate has work; 1 yields on every check.</param>
    public CooperativeWaitStrategy(int spinsPerYield = DefaultSpinsPerYield)
        : base(isBlocking: false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spinsPerYield, 1);
        SpinsPerYield = spinsPerYield;
    }

    /// <summary>Checks between two yields while no core-mate has work.</summary>
    public int SpinsPerYield { get; }

    /// <summary>How many consumers this thread yields to when they have work (diagnostics and tests).</summary>
    public int Mates => Volatile.Read(ref _mates).Length;

    /// <summary>
    /// Yields the core whenever the consumer whose position is <paramref name="consumer"/> has not reached
    /// <paramref name="upstream"/> (its ring's cursor): a consumer that runs on this thread's core.
    /// </summary>
    public void YieldTo(Sequence upstream, Sequence consumer)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(consumer);
        lock (_lock)
            Volatile.Write(ref _mates, [.. _mates, new Mate(upstream, consumer)]);
    }

    /// <summary>True when a core-mate has something to read.</summary>
    public bool MateHasWork()
    {
        var mates = Volatile.Read(ref _mates);
        for (var i = 0; i < mates.Length; i++)
        {
            if (mates[i].Upstream.Value > mates[i].Consumer.Value)
                return true;
        }
        return false;
    }

    public override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        var spins = SpinsPerYield;
        long available;
        while ((available = barrier.UpstreamSequence) < sequence)
        {
            if (barrier.IsAlerted)
                return available;
            if (--spins <= 0 || MateHasWork())
            {
                spins = SpinsPerYield;
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(1);
            }
        }
        return available;
    }

    private sealed record Mate(Sequence Upstream, Sequence Consumer);
}
