using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Journal;

/// <summary>
/// The input ring's journal consumer: runs on its own <see cref="BatchEventProcessor{T,THandler}"/> in parallel with
/// the symbol executor, reading the same slots. Each event is encoded into the current frame; on end of batch the
/// frame is written and synced per the writer's <see cref="JournalFsyncPolicy"/>, so a frame never waits for events
/// that have not arrived. A struct, so the processor's loop calls it without virtual dispatch.
/// </summary>
public struct Journaler : IEventHandler<MarketEvent>
{
    private readonly JournalWriter _writer;

    public Journaler(JournalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    public readonly JournalWriter Writer => _writer;

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        // a skip marker (a message rejected after its slot was claimed) takes no journal sequence: replay never sees it
        if (evt.Kind != MarketEventKind.Skip)
            _writer.Append(in evt, sequence);
        else
            _writer.OnSkipMarker();
        if (endOfBatch)
            _writer.Flush();
    }

    /// <summary>A quiet ring (blocking wait strategy with a timeout) is the moment to sync an interval policy's last frames.</summary>
    public readonly void OnTimeout(long sequence) => _writer.SyncIfDue();

    public readonly void OnShutdown()
    {
        _writer.Flush();
        _writer.Sync();
    }
}
