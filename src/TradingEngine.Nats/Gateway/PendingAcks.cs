namespace TradingEngine.Nats;

/// <summary>
/// The acks one batch still waits for (<see cref="JetStreamAckInbox"/>): counted by the inbox's one reader, completed when
/// every message is acked (stored or recognised as a duplicate by its id) or at the first refusal.
/// </summary>
internal sealed class PendingAcks
{
    /// <summary>The failure text of a no-responders status: no stream captures the subject.</summary>
    public const string NoResponders = "no responders";

    private readonly TaskCompletionSource<string?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expected;
    private int _stored;
    private int _duplicates;

    public PendingAcks(long id, string replyTo, int expected)
    {
        Id = id;
        ReplyTo = replyTo;
        _expected = expected;
    }

    public long Id { get; }

    /// <summary>The reply subject every message of the batch carries.</summary>
    public string ReplyTo { get; }

    /// <summary>Completes with null once every message is acked, or with the first refusal.</summary>
    public Task<string?> Completion => _done.Task;

    public int Stored => Volatile.Read(ref _stored);

    public int Duplicates => Volatile.Read(ref _duplicates);

    public void OnAck(bool duplicate)
    {
        var n = duplicate ? Interlocked.Increment(ref _duplicates) + Stored : Interlocked.Increment(ref _stored) + Duplicates;
        if (n == _expected)
            _done.TrySetResult(null);
    }

    public void OnFailure(string failure) => _done.TrySetResult(failure);
}
