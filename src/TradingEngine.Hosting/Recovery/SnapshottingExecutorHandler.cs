using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// The executor's ring consumer with snapshots: runs <see cref="ExecutorRingHandler{TSink}"/> unchanged and, between two
/// events, hands the state to a <see cref="SnapshotWriter"/> when the <see cref="SnapshotPolicy"/> says so. The journal
/// sequence of the event at ring sequence <c>s</c> is <c>journalBase + s − k</c>, because the journaler appends every
/// slot of the same ring in order, starting at the writer's next sequence when the ring started at 0, except the
/// <c>k</c> skip markers (<see cref="MarketEventKind.Skip"/>) before it, which it passes over as this handler does.
/// </summary>
internal struct SnapshottingExecutorHandler<TSink> : IEventHandler<MarketEvent>
    where TSink : struct, IOutputSink
{
    private ExecutorRingHandler<TSink> _inner;
    private readonly SymbolExecutor _executor;
    private readonly SymbolRegistry _symbols;
    private readonly SnapshotWriter _writer;
    private readonly long _journalBase;
    private readonly long _everyEvents;
    private readonly long _everyNanos;
    private long _eventsSince;
    private long _lastSnapshotTime;
    private long _lastSequence;
    private long _lastEventTime;
    private long _lastSource;
    private long _skipMarkers;
    private long _lastJournalSequence;

    public SnapshottingExecutorHandler(ExecutorRingHandler<TSink> inner, SymbolExecutor executor, SymbolRegistry symbols,
        SnapshotWriter writer, SnapshotPolicy policy, long journalBase)
    {
        _inner = inner;
        _executor = executor;
        _symbols = symbols;
        _writer = writer;
        _journalBase = journalBase;
        _everyEvents = Math.Max(1, policy.EveryEvents);
        _everyNanos = policy.EveryEventTime > TimeSpan.Zero ? policy.EveryEventTime.Ticks * 100 : long.MaxValue;
        _lastSnapshotTime = long.MinValue;
        _lastSequence = -1;
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        _inner.OnEvent(ref evt, sequence, endOfBatch);
        if (evt.Kind == MarketEventKind.Skip)
        {
            _skipMarkers++; // not journaled: the journal sequences after it are one lower
            return;
        }
        _lastSequence = sequence;
        _lastJournalSequence = _journalBase + sequence - _skipMarkers;
        if (evt.SourceSequence != 0)
            _lastSource = evt.SourceSequence; // a snapshot after a live-clock timer (or a gap) is at the last stream message's position
        var time = evt.EventTime;
        if (time > _lastEventTime)
            _lastEventTime = time;
        if (_lastSnapshotTime == long.MinValue)
            _lastSnapshotTime = time;
        if (++_eventsSince >= _everyEvents || time - _lastSnapshotTime >= _everyNanos)
            Capture();
    }

    private void Capture()
    {
        if (_writer.TryCapture(_executor, _symbols, _lastJournalSequence, _lastEventTime, _lastSequence, _lastSource))
        {
            _eventsSince = 0;
            _lastSnapshotTime = _lastEventTime;
        }
    }

    public void OnTimeout(long sequence) => _inner.OnTimeout(sequence);

    /// <summary>A clean stop leaves a snapshot of the last event, so the next start replays no tail.</summary>
    public void OnShutdown()
    {
        _inner.OnShutdown();
        if (_eventsSince > 0 && _writer.WaitIdle(TimeSpan.FromSeconds(5)))
            Capture();
    }
}
