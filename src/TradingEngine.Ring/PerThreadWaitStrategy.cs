namespace TradingEngine.Ring;

/// <summary>
/// The ring-level strategy of a ring whose consumers each wait their own way (a deployment profile gives every
/// thread its strategy: the executor busy-spins while the journaler and the database sink sleep). A consumer added
/// with <see cref="ProcessorOptions.WaitStrategy"/> waits on that strategy; producers and consumers that move a
/// sequence signal this one, which wakes every blocking member. Consumers added without a strategy of their own wait
/// on <see cref="Default"/>.
/// </summary>
public sealed class PerThreadWaitStrategy : WaitStrategy
{
    private WaitStrategy[] _blocking = [];
    private readonly object _lock = new();

    /// <param name="defaultStrategy">What a consumer without a strategy of its own waits on.</param>
    public PerThreadWaitStrategy(WaitStrategy defaultStrategy)
        : base(isBlocking: true)
    {
        ArgumentNullException.ThrowIfNull(defaultStrategy);
        if (defaultStrategy is PerThreadWaitStrategy)
            throw new ArgumentException("the default strategy of a per-thread strategy must be a plain one", nameof(defaultStrategy));
        Default = defaultStrategy;
        Register(defaultStrategy);
    }

    /// <summary>What a consumer without a strategy of its own waits on.</summary>
    public WaitStrategy Default { get; }

    /// <summary>The blocking strategies a signal wakes (diagnostics and tests).</summary>
    public IReadOnlyList<WaitStrategy> Blocking => Volatile.Read(ref _blocking);

    /// <summary>Adds a consumer's strategy: when it sleeps, every signal of the ring wakes it.</summary>
    public void Register(WaitStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!strategy.IsBlocking)
            return;
        lock (_lock)
        {
            if (Array.IndexOf(_blocking, strategy) < 0)
                Volatile.Write(ref _blocking, [.. _blocking, strategy]);
        }
    }

    /// <summary>A consumer without a strategy of its own waits as <see cref="Default"/> does.</summary>
    public override long WaitFor(long sequence, SequenceBarrier barrier) => Default.WaitFor(sequence, barrier);

    public override void SignalAllWhenBlocking()
    {
        var blocking = Volatile.Read(ref _blocking);
        for (var i = 0; i < blocking.Length; i++)
            blocking[i].SignalAllWhenBlocking();
    }
}
