namespace TradingEngine.Nats;

/// <summary>What the output publisher did. Written by its one consumer thread, read by anyone.</summary>
public sealed class PublicationCounters
{
    private long _internal;
    private long _public;
    private long _batches;
    private long _waits;
    private long _failures;
    private long _clientAllocated;
    private string? _lastFailure;

    public long InternalPublished => Volatile.Read(ref _internal);
    public long PublicPublished => Volatile.Read(ref _public);
    /// <summary>Output-ring batches handled (each ends with one flush to the socket writer).</summary>
    public long Batches => Volatile.Read(ref _batches);
    /// <summary>Publishes that found NATS.Net's write buffer full and waited (back-pressure, visible here).</summary>
    public long Waits => Volatile.Read(ref _waits);
    /// <summary>
    /// Bytes the publisher thread allocated inside NATS.Net's publish calls (its async state when a publish waits for
    /// its full write buffer, now and then its own buffers); the thread allocates nothing else per output.
    /// </summary>
    public long ClientAllocatedBytes => Volatile.Read(ref _clientAllocated);
    /// <summary>Messages that could not be encoded or sent (connection down, NaN statistic); never thrown at the ring.</summary>
    public long Failures => Volatile.Read(ref _failures);
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    internal void OnInternal() => Volatile.Write(ref _internal, _internal + 1);
    internal void OnPublic() => Volatile.Write(ref _public, _public + 1);
    internal void OnBatch() => Volatile.Write(ref _batches, _batches + 1);
    internal void OnWait() => Volatile.Write(ref _waits, _waits + 1);
    internal void OnClientAllocated(long bytes)
    {
        if (bytes != 0)
            Volatile.Write(ref _clientAllocated, _clientAllocated + bytes);
    }

    internal void OnFailure(string what)
    {
        Volatile.Write(ref _failures, _failures + 1);
        Volatile.Write(ref _lastFailure, what);
    }

    public override string ToString() =>
        $"internal {InternalPublished}, public {PublicPublished}, batches {Batches}, waits {Waits}, failures {Failures}{(LastFailure is null ? "" : $" (last: {LastFailure})")}";
}
