namespace TradingEngine.Journal;

/// <summary>
/// What <see cref="JournalRepair.Verify"/> found reading a whole journal past any damage: every bad region (segment,
/// frame, byte offset, the sequences it took), the events that read back, and the holes an earlier repair recorded.
/// </summary>
public sealed record JournalVerifyReport(string Directory, int Segments, long Events, long LastSequence, long Holes, long EventsInHoles,
    IReadOnlyList<JournalDamage> Damage)
{
    public bool Clean => Damage.Count == 0;

    /// <summary>Events lost in the bad regions (those whose count is known).</summary>
    public long LostEvents => Damage.Where(d => d.LostEvents > 0).Sum(d => d.LostEvents);
}
