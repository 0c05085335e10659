namespace TradingEngine.Journal;

/// <summary>What <see cref="JournalRepair.Repair"/> did: each bad region (with the sequences it took), the segments it
/// rewrote (the originals are in <see cref="BackupDirectory"/>), and the holes it recorded in the journal.</summary>
public sealed record JournalRepairReport(string Directory, IReadOnlyList<JournalDamage> Damage, IReadOnlyList<string> ChangedSegments,
    string? BackupDirectory, int HolesRecorded, long FramesSalvaged)
{
    /// <summary>Events lost in the bad regions (those whose count is known).</summary>
    public long LostEvents => Damage.Where(d => d.LostEvents > 0).Sum(d => d.LostEvents);

    /// <summary>Bad regions whose event count could not be read (a torn tail whose frame header is gone).</summary>
    public int UnknownLosses => Damage.Count(d => d.LostEvents < 0);
}
