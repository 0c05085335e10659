namespace TradingEngine.Hosting;

/// <summary>Outputs an executor dropped for each consumer whose ring was full (<see cref="OutputOverflow.Drop"/>); one writer, any reader.</summary>
internal sealed class OutputDrops
{
    // one cache line per consumer: the executor writes, the operator's line reads
    private const int Stride = 16;
    private readonly long[] _counts;

    private readonly long[] _stalledAt;

    /// <summary>The <see cref="StallTimeout"/> when the host's options name none.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromMilliseconds(100);

    /// <param name="consumers">How many consumers (output rings) the executor writes to.</param>
    /// <param name="stallTimeout">See <see cref="StallTimeout"/>; null: <see cref="DefaultStallTimeout"/>.</param>
    public OutputDrops(int consumers, TimeSpan? stallTimeout = null)
    {
        if (stallTimeout is { } timeout && timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(stallTimeout), timeout, "a stall timeout must be positive");
        StallTimeout = stallTimeout ?? DefaultStallTimeout;
        Consumers = consumers;
        _counts = new long[consumers * Stride];
        _stalledAt = new long[consumers];
        Array.Fill(_stalledAt, long.MinValue);
    }

    /// <summary>True when consumer <paramref name="consumer"/> was found stalled at <paramref name="position"/> and has not moved since.</summary>
    internal bool IsStalled(int consumer, long position) => _stalledAt[consumer] == position;

    internal void MarkStalled(int consumer, long position) => _stalledAt[consumer] = position;

    public int Consumers { get; }

    /// <summary>
    /// How long a consumer whose ring is full may stay at one position before it counts as stalled and its outputs are
    /// dropped; while it moves, the executor waits for it (a burst loses nothing).
    /// </summary>
    public TimeSpan StallTimeout { get; }

    /// <summary>Outputs dropped for consumer <paramref name="consumer"/> so far.</summary>
    public long this[int consumer] => Volatile.Read(ref _counts[consumer * Stride]);

    internal void Add(int consumer) => Volatile.Write(ref _counts[consumer * Stride], _counts[consumer * Stride] + 1);
}
