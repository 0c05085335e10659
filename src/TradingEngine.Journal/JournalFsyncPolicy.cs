namespace TradingEngine.Journal;

/// <summary>
/// When the journal asks the OS to put written frames on stable storage (fsync). Frames always reach the OS page
/// cache when written (on end of batch, or when a frame fills), so a crash of this process loses nothing written;
/// the policy decides what a power loss or kernel crash can take. See docs/journal.md for the trade-off in numbers.
/// </summary>
public enum JournalFsyncPolicy : byte
{
    /// <summary>Never fsync (the OS writes back on its own, typically within 30 s). Fastest; a power loss can lose the last seconds.</summary>
    None = 0,
    /// <summary>fsync every frame written (each ring batch end and each full frame) before advancing the durable sequence. Nothing acknowledged is lost.</summary>
    PerBatch = 1,
    /// <summary>fsync at most once per <see cref="JournalWriterOptions.FsyncInterval"/> (checked when a frame is written and on <see cref="JournalWriter.SyncIfDue"/>). Bounded loss window, near the speed of <see cref="None"/>.</summary>
    Interval = 2,
}
