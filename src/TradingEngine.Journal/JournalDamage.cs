using System.Globalization;

namespace TradingEngine.Journal;

/// <summary>
/// Where a journal stops being readable and why: the segment file, the 0-based frame index in it (−1 for the segment
/// header or a missing segment), the byte offset of that frame, the reason, and the last sequence before it (everything
/// up to it is intact). When the walk went on past the damage (<c>te journal verify</c>, a skipping reader) the hole's
/// extent is known too: <see cref="NextSequence"/>, the first sequence read after it, and <see cref="LostEvents"/>.
/// </summary>
public sealed record JournalDamage(string Segment, int Frame, long Offset, string Reason, long LastGoodSequence)
{
    /// <summary>The first sequence of a good frame after the damage (0: none follows, or the walk stopped here).</summary>
    public long NextSequence { get; init; }

    /// <summary>File offset where the bad bytes end: the next good frame in the same segment, else the segment's length.</summary>
    public long End { get; init; } = -1;

    /// <summary>Events the damage took: <c>NextSequence − LastGoodSequence − 1</c> when a good frame follows; for a torn tail the
    /// count its frame header claims; −1 when unknown (the walk stopped, or the header itself is unreadable).</summary>
    public long LostEvents { get; init; } = -1;

    /// <summary>True when no good frame follows anywhere in the journal: the torn tail a crash or power loss leaves.</summary>
    public bool AtTail { get; init; }

    /// <summary>The journal sequences the damage took (<c>LastGoodSequence+1 .. +LostEvents</c>), or "unknown".</summary>
    public string LostRange => LostEvents switch
    {
        < 0 => "unknown",
        0 => "none",
        _ => string.Create(CultureInfo.InvariantCulture, $"{LastGoodSequence + 1}..{LastGoodSequence + LostEvents}"),
    };

    public override string ToString()
    {
        var text = $"{Segment}: frame {Frame} at byte {Offset}: {Reason}; events up to sequence {LastGoodSequence} are intact";
        if (LostEvents >= 0 || NextSequence > 0)
            text += LostEvents < 0 ? $"; events lost: unknown" : $"; {LostEvents} events lost (sequences {LostRange})";
        if (NextSequence > 0)
            text += $"; good frames resume at sequence {NextSequence}";
        else if (AtTail)
            text += "; torn tail (no good frame after it)";
        return text;
    }
}
