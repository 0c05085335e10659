namespace TradingEngine.Journal;

/// <summary>
/// Where a journal stops being readable and why: the segment file, the 0-based frame index in it (−1 for the segment
/// header), the byte offset of that frame, the reason, and the last sequence before it (everything up to it is intact).
/// </summary>
public sealed record JournalDamage(string Segment, int Frame, long Offset, string Reason, long LastGoodSequence)
{
    public override string ToString() =>
        $"{Segment}: frame {Frame} at byte {Offset}: {Reason}; events up to sequence {LastGoodSequence} are intact";
}
