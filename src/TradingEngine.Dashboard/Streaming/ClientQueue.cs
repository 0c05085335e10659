namespace TradingEngine.Dashboard.Streaming;

/// <summary>
/// What one browser still has to receive: bounded, so a slow browser never holds the hub (or the engine) back. When it
/// is full, a forming-candle update is dropped and counted (the next one supersedes it); anything else (a closed candle,
/// structure, a signal) is never dropped: the queue is marked <see cref="Behind"/> instead, stops taking events, and the
/// client is told to resync from the last id it received (the hub's history, else a fresh snapshot).
/// </summary>
public sealed class ClientQueue
{
    private readonly Queue<DashboardEvent> _queue;
    private readonly int _capacity;
    private readonly object _gate = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _droppedForming;
    private bool _behind;
    private bool _closed;

    public ClientQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _queue = new Queue<DashboardEvent>(Math.Min(capacity, 1024));
    }

    /// <summary>Forming-candle updates dropped because the queue was full.</summary>
    public long DroppedForming => Interlocked.Read(ref _droppedForming);

    /// <summary>The queue overflowed with an event that may not be dropped: the client must resync.</summary>
    public bool Behind
    {
        get
        {
            lock (_gate)
                return _behind;
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    /// <summary>Offers one event; false when it was not queued (dropped forming candle, or the client is behind).</summary>
    public bool Offer(DashboardEvent e)
    {
        lock (_gate)
        {
            if (_behind || _closed)
                return false;
            if (_queue.Count >= _capacity)
            {
                if (e.Forming)
                {
                    _droppedForming++;
                    return false;
                }
                _behind = true;
                _queue.Clear();
                Wake();
                return false;
            }
            _queue.Enqueue(e);
            if (_queue.Count == 1)
                Wake();
            return true;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> queued events into <paramref name="into"/>; returns how many.</summary>
    public int Drain(List<DashboardEvent> into, int max)
    {
        lock (_gate)
        {
            var n = 0;
            while (n < max && _queue.TryDequeue(out var e))
            {
                into.Add(e);
                n++;
            }
            return n;
        }
    }

    /// <summary>Completes when an event is queued, the client falls behind or the queue closes.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_queue.Count > 0 || _behind || _closed)
                return Task.CompletedTask;
            if (_signal.Task.IsCompleted)
                _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>No further events: the writer ends after what is queued.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Wake();
        }
    }

    public bool IsClosed
    {
        get
        {
            lock (_gate)
                return _closed;
        }
    }

    private void Wake() => _signal.TrySetResult();
}
