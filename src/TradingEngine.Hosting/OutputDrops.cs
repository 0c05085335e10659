namespace TradingEngine.Hosting;

/// <summary>Outputs an executor dropped for each consumer whose ring was full (<see cref="OutputOverflow.Drop"/>); one writer, any reader.</summary>
public sealed class OutputDrops
{
    // one cache line per consumer: the executor writes, the operator's line reads
    private const int Stride = 16;
    private readonly long[] _counts;

    public OutputDrops(int consumers)
    {
        Consumers = consumers;
        _counts = new long[consumers * Stride];
    }

    public int Consumers { get; }

    /// <summary>Outputs dropped for consumer <paramref name="consumer"/> so far.</summary>
    public long this[int consumer] => Volatile.Read(ref _counts[consumer * Stride]);

    internal void Add(int consumer) => Volatile.Write(ref _counts[consumer * Stride], _counts[consumer * Stride] + 1);
}
