namespace TradingEngine.Journal;

/// <summary>
/// The last event of a journal: its journal sequence, and the last non-zero source sequence of the last segment (for
/// JetStream input, the stream sequence; live-clock timers and gap events carry none), so a restarting ingestor can skip
/// what is already journaled. Zeros for an empty journal.
/// </summary>
public readonly record struct JournalTail(long Sequence, long SourceSequence, JournalDamage? Damage)
{
    /// <summary>Reads only the last segment (bounded work whatever the journal size); damage in it is reported, not thrown.</summary>
    public static JournalTail Read(string directory)
    {
        if (!Directory.Exists(directory))
            return default;
        var segments = Format.JournalFormat.ListSegments(directory);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            Format.JournalFormat.TryParseSegmentName(segments[i], out var first);
            using var reader = new JournalReader(directory, fromSequence: first);
            long sequence = 0, source = 0;
            while (reader.TryRead(out _))
            {
                sequence = reader.Sequence;
                if (reader.SourceSequenceAtWrite != 0)
                    source = reader.SourceSequenceAtWrite; // timers and gap events carry none: the last message's stays
            }
            if (sequence != 0 || reader.Damage is not null || i == 0)
                return new JournalTail(sequence, source, reader.Damage);
        }
        return default;
    }
}
