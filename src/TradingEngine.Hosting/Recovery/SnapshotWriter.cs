using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// Takes executor snapshots without stalling the executor on I/O: <see cref="TryCapture"/> serializes the state on the
/// executor thread into a reused <see cref="SnapshotBuffer"/> (a pause proportional to the state size, measured in
/// docs/recovery.md), and a background thread writes the file. The file is written only once the journal has made
/// every event the snapshot covers durable (<paramref name="isDurable"/>): a snapshot must never cover input the
/// journal could lose, or recovery would skip those events when they arrive again. While a file is still being
/// written the next capture is skipped (counted), never queued: the executor does not wait for the disk.
/// </summary>
public sealed class SnapshotWriter : IDisposable
{
    private readonly SnapshotStore _store;
    private readonly Func<long, bool> _isDurable;
    private readonly SnapshotBuffer _buffer = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Thread _thread;
    private volatile bool _busy;
    private volatile bool _stopping;
    private long _sequence;
    private long _gate;
    private long _source;
    private readonly long _firstJournalHole;
    private readonly Func<long>? _publishedThrough;
    // the snapshots this writer wrote, journal sequence → source sequence of their last event (background thread only)
    private readonly SortedList<long, long> _sources = [];

    /// <param name="store">Where snapshots go.</param>
    /// <param name="isDurable">True once the journal holds the event with the given gate value durably (the live engine
    /// passes the input-ring sequence and the journal writer's <c>DurableRingSequence</c>).</param>
    /// <param name="firstJournalHole">The first journal sequence of a hole <c>te journal repair</c> recorded (0: none): snapshots
    /// covering it or later are marked <see cref="ExecutorSnapshot.AfterJournalHole"/>.</param>
    /// <param name="publishedThrough">JetStream mode: the executor's durable output mark (the stream sequence through which
    /// its outputs reached the server). The newest snapshot at or below it is kept beyond the store's count, since recovery
    /// may restore only such a snapshot (docs/recovery.md).</param>
    public SnapshotWriter(SnapshotStore store, Func<long, bool> isDurable, long firstJournalHole = 0, Func<long>? publishedThrough = null)
    {
        _publishedThrough = publishedThrough;
        _firstJournalHole = firstJournalHole;
        _store = store;
        _isDurable = isDurable;
        _thread = new Thread(Run) { IsBackground = true, Name = "snapshot-writer" };
        _thread.Start();
    }

    public long Captured { get; private set; }

    /// <summary>Captures skipped because the previous file was still being written.</summary>
    public long Skipped { get; private set; }

    /// <summary>Files written (background thread).</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;

    /// <summary>
    /// Called on the writer's thread after each file is in place, with a copy of its bytes, the journal sequence and the
    /// source (stream) sequence it covers: <c>te serve executor --snapshot-bucket</c> puts it on the bus (docs/scaling.md).
    /// </summary>
    public Action<byte[], long, long>? OnWritten { get; set; }

    /// <summary>The last write failure (background thread), for the operator's log.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Executor thread: snapshots <paramref name="executor"/> as of journal sequence <paramref name="sequence"/>, to be
    /// written once <c>isDurable(<paramref name="gate"/>)</c>. False (and counted) when the previous one is still in flight.
    /// </summary>
    /// <param name="sourceSequence">the source (stream) sequence of the last event the snapshot covers (0: none).</param>
    public bool TryCapture(SymbolExecutor executor, SymbolRegistry symbols, long sequence, long lastEventTime, long gate, long sourceSequence = 0)
    {
        if (_busy)
        {
            Skipped++;
            return false;
        }
        var flags = _firstJournalHole > 0 && sequence >= _firstJournalHole ? ExecutorSnapshot.AfterJournalHole : (ushort)0;
        ExecutorSnapshot.Write(executor, symbols, sequence, lastEventTime, _buffer, flags);
        _sequence = sequence;
        _gate = gate;
        _source = sourceSequence;
        Captured++;
        _busy = true;
        _signal.Release();
        return true;
    }

    /// <summary>Waits until the snapshot in flight (if any) is on disk or <paramref name="timeout"/> passes.</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        var spin = new SpinWait();
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (_busy)
        {
            if (Environment.TickCount64 > deadline)
                return false;
            spin.SpinOnce(sleep1Threshold: 10);
        }
        return true;
    }

    private void Run()
    {
        while (true)
        {
            _signal.Wait();
            if (!_busy)
                return;
            var spin = new SpinWait();
            while (!_isDurable(_gate))
            {
                if (_stopping)
                {
                    _busy = false;
                    return;
                }
                // the journaler writes on end of batch; a wait of a few ms is normal, the executor is not waiting
                spin.SpinOnce(sleep1Threshold: 10);
            }
            try
            {
                _store.Write(_buffer.WrittenSpan, _sequence, KeepForRecovery());
                Interlocked.Increment(ref _written);
                OnWritten?.Invoke(_buffer.WrittenSpan.ToArray(), _sequence, _source);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LastError = $"snapshot at journal sequence {_sequence} to {_store.Directory}: {ex.Message}";
            }
            _busy = false;
        }
    }

    /// <summary>The journal sequence of the newest snapshot written at or below the output mark (0: no mark, or none).</summary>
    private long KeepForRecovery()
    {
        if (_publishedThrough is null)
            return 0;
        if (_source > 0)
            _sources[_sequence] = _source;
        var mark = _publishedThrough();
        long keep = 0;
        foreach (var (sequence, source) in _sources)
        {
            if (source <= mark)
                keep = sequence;
        }
        // older entries than the one kept are pruned by the store: forget them
        while (_sources.Count > 0 && _sources.Keys[0] < keep)
            _sources.RemoveAt(0);
        return keep;
    }

    /// <summary>Lets the snapshot in flight finish (up to 10 s; it is dropped if the journal never makes it durable) and stops the thread.</summary>
    public void Dispose()
    {
        WaitIdle(TimeSpan.FromSeconds(10));
        _stopping = true;
        _signal.Release();
        _thread.Join(TimeSpan.FromSeconds(10));
        _signal.Dispose();
    }
}
