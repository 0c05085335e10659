namespace TradingEngine.Gateway;

/// <summary>
/// The state of one (feeder, session) inside the gateway: the lock its batches are published under, one at a time and in
/// sequence order; its high-water mark (the highest batch sequence fully stored, read once from the KV bucket); and a signal
/// that wakes batches waiting for their turn whenever the mark moves or a batch of the session fails.
/// </summary>
internal sealed class FeederSession
{
    private readonly HashSet<long> _inProgress = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The highest batch sequence fully stored; -1 until read from the KV bucket. Read and written under <see cref="Gate"/>.</summary>
    public long Mark { get; set; } = -1;

    /// <summary>Batches of the session that failed (503) since start: a waiting successor answers 503 too, the feeder re-sends in order.</summary>
    public long Failures { get; private set; }

    /// <summary>Completes at the next change (mark moved, or a failure); take it under <see cref="Gate"/>, await it outside.</summary>
    public Task Changed => _changed.Task;

    /// <summary>A batch of the session arrived (its request is being processed); <see cref="Leave"/> when it is answered.</summary>
    public void Enter(long sequence)
    {
        lock (_inProgress)
            _inProgress.Add(sequence);
    }

    public void Leave(long sequence)
    {
        lock (_inProgress)
            _inProgress.Remove(sequence);
    }

    /// <summary>Whether batch <paramref name="sequence"/> is being processed now (a successor waiting for it keeps waiting).</summary>
    public bool InProgress(long sequence)
    {
        lock (_inProgress)
            return _inProgress.Contains(sequence);
    }

    /// <summary>Under <see cref="Gate"/>: the batch <paramref name="sequence"/> is stored.</summary>
    public void Advance(long sequence)
    {
        Mark = sequence;
        Signal();
    }

    /// <summary>Under <see cref="Gate"/>: the next batch failed; its successors must not wait for it.</summary>
    public void Fail()
    {
        Failures++;
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
