using System.Buffers.Binary;
using System.Globalization;
using TradingEngine.Journal.Format;
using TradingEngine.Types;

namespace TradingEngine.Journal;

/// <summary>
/// <c>te journal verify</c> and <c>te journal repair</c>. Verify reads the whole journal past every bad region (frames are
/// self-delimiting: a magic, lengths and a checksum, so the next good frame is found by scanning) and lists them. Repair
/// rewrites each segment that holds damage, after copying the original into a backup directory: every good frame is
/// kept byte for byte, and each bad region becomes one hole frame, a single <see cref="GapReason.JournalHole"/> gap
/// event standing for the journal sequences the region took, so readers accept the jump and replay shows it. A bad
/// region with no good frame after it anywhere (a torn tail) is cut, as <see cref="JournalWriter.Open"/> would.
/// </summary>
public static class JournalRepair
{
    /// <summary>Reads every event of the journal in <paramref name="directory"/>, past damage, and reports every bad region.</summary>
    public static JournalVerifyReport Verify(string directory)
    {
        using var reader = new JournalReader(directory, skipCorrupt: true);
        long events = 0;
        while (reader.TryRead(out _))
            events++;
        return new JournalVerifyReport(directory, reader.Segments.Count, events, reader.Sequence, reader.HolesRead, reader.EventsInHoles, reader.Skipped);
    }

    /// <summary>
    /// Salvages the journal in <paramref name="directory"/> (no writer may have it open): see the type's summary. A clean
    /// journal is left untouched. <paramref name="now"/> names the backup directory (<c>repair-backup-yyyyMMddTHHmmssZ</c>).
    /// </summary>
    public static JournalRepairReport Repair(string directory, DateTime? now = null)
    {
        var before = Verify(directory);
        if (before.Clean)
            return new JournalRepairReport(directory, [], [], null, 0, 0);
        using var writerLock = JournalWriter.Lock(directory);
        var backup = Path.Combine(directory, $"repair-backup-{(now ?? DateTime.UtcNow):yyyyMMdd'T'HHmmss'Z'}");
        var segments = JournalFormat.ListSegments(directory);
        var changed = new List<string>();
        var state = new RepairState();
        for (var i = 0; i < segments.Length; i++)
        {
            var nextFirst = i + 1 < segments.Length ? FirstSequenceOf(segments[i + 1]) : -1;
            var plan = Plan(segments[i], nextFirst, state);
            if (!plan.Changed)
                continue;
            Directory.CreateDirectory(backup);
            File.Copy(segments[i], Path.Combine(backup, Path.GetFileName(segments[i])), overwrite: false);
            Rewrite(segments[i], plan);
            changed.Add(segments[i]);
        }
        if (state.HoleRanges.Count > 0)
            File.AppendAllLines(Path.Combine(directory, JournalFormat.HolesFileName),
                state.HoleRanges.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.First} {h.Last} {h.Last - h.First + 1}")));
        return new JournalRepairReport(directory, before.Damage, changed, changed.Count > 0 ? backup : null, state.Holes, state.Salvaged);
    }

    private sealed class RepairState
    {
        public long Last = -1;
        public long LastTime;
        public long LastSource;
        public int Holes;
        public long Salvaged;
        public readonly List<(long First, long Last)> HoleRanges = [];
    }

    /// <summary>A segment's new content: a new header (null: the original's), then pieces that are either a byte range of the original or a hole frame.</summary>
    private sealed record SegmentPlan(byte[]? Header, List<(long Offset, long Length, byte[]? Hole)> Pieces, bool Changed, bool Delete = false);

    private static long FirstSequenceOf(string path)
    {
        using var reader = new SegmentFrameReader(path);
        if (reader.Header is { } header)
            return header.FirstSequence;
        JournalFormat.TryParseSegmentName(path, out var first);
        return first;
    }

    private static SegmentPlan Plan(string path, long nextFirst, RepairState s)
    {
        using var reader = new SegmentFrameReader(path);
        var pieces = new List<(long, long, byte[]?)>();
        var changed = false;
        byte[]? header;
        if (reader.Header is null)
        {
            // the symbol table is gone, so its frames cannot be decoded: the whole segment's sequences become a hole
            changed = true;
            JournalFormat.TryParseSegmentName(path, out var nameFirst);
            if (s.Last < 0)
                s.Last = nameFirst - 1;
            if (nextFirst < 0)
                return new SegmentPlan(null, pieces, true, Delete: true); // the last segment: a torn tail
            header = new SegmentHeader { CreatedUtcNanos = 0, FirstSequence = s.Last + 1, FrameCapacity = JournalFormat.MinFrameCapacity, Symbols = [] }.Encode();
            AddHole(pieces, s, nextFirst);
            return new SegmentPlan(header, pieces, changed);
        }
        header = null;
        if (s.Last < 0)
            s.Last = reader.Header.FirstSequence - 1;
        var defined = new HashSet<int>(reader.Header.Symbols.Select(x => x.Id));
        var decoder = new EventDecoder();
        while (true)
        {
            var read = reader.TryReadFrame();
            if (!read && reader.Error is not null)
            {
                changed = true;
                read = reader.TryResync();
            }
            if (!read)
                break;
            long lastTime = 0, lastSource = 0;
            var reason = reader.FirstSequence <= s.Last ? $"frame starts at sequence {reader.FirstSequence}; expected {s.Last + 1}" : Decode(reader, decoder, defined, out lastTime, out lastSource);
            if (reason is not null)
            {
                changed = true;
                reader.RejectLastFrame(reason);
                continue;
            }
            if (reader.FirstSequence > s.Last + 1)
            {
                changed = true;
                AddHole(pieces, s, reader.FirstSequence);
            }
            pieces.Add((reader.FrameOffset, reader.Offset - reader.FrameOffset, null));
            if (changed)
                s.Salvaged++;
            s.Last = reader.FirstSequence + reader.EventCount - 1;
            s.LastTime = lastTime;
            s.LastSource = lastSource;
        }
        if (nextFirst > s.Last + 1)
        {
            changed = true;
            AddHole(pieces, s, nextFirst);
        }
        // the header stays as it was: its bytes are copied with the frames
        return new SegmentPlan(null, pieces, changed);
    }

    /// <summary>Decodes a frame that passed its checksum; returns why it cannot be kept (null: keep it).</summary>
    private static string? Decode(SegmentFrameReader reader, EventDecoder decoder, HashSet<int> defined, out long lastTime, out long lastSource)
    {
        lastTime = 0;
        lastSource = 0;
        decoder.Start(reader.Raw, reader.RawLength);
        var e = default(MarketEvent);
        var count = 0;
        var newlyDefined = new List<int>();
        try
        {
            while (decoder.TryNext(ref e))
            {
                if (decoder.SymbolDefined)
                {
                    newlyDefined.Add(decoder.DefinedSymbolId);
                    defined.Add(decoder.DefinedSymbolId);
                    continue;
                }
                var symbol = e.Tick.Symbol.Value; // every payload starts with its symbol
                if (symbol != 0 && !defined.Contains(symbol))
                {
                    foreach (var id in newlyDefined)
                        defined.Remove(id);
                    return $"uses symbol id {symbol}, whose definition was in a lost frame";
                }
                count++;
                lastTime = e.EventTime;
                lastSource = decoder.SourceSequence;
            }
        }
        catch (InvalidDataException ex)
        {
            foreach (var id in newlyDefined)
                defined.Remove(id);
            return ex.Message;
        }
        var hole = count == 1 && e.Kind == MarketEventKind.Gap && e.Gap.Reason == GapReason.JournalHole && e.Gap.LostCount == reader.EventCount;
        return count == reader.EventCount || hole ? null : $"frame holds {count} events; its header says {reader.EventCount}";
    }

    /// <summary>Hole frames for the sequences after <c>s.Last</c> up to <paramref name="next"/> − 1 (one per 2³¹−1 events).</summary>
    private static void AddHole(List<(long, long, byte[]?)> pieces, RepairState s, long next)
    {
        while (next > s.Last + 1)
        {
            var lost = (int)Math.Min(next - s.Last - 1, int.MaxValue);
            var encoder = new EventEncoder(JournalFormat.MinFrameCapacity);
            var gap = MarketEvent.FromGap(default, s.LastTime, lost, GapReason.JournalHole, s.LastSource);
            encoder.Append(in gap);
            var frame = new byte[JournalFormat.FrameHeaderBytes + encoder.Length];
            encoder.Buffer.AsSpan(0, encoder.Length).CopyTo(frame.AsSpan(JournalFormat.FrameHeaderBytes));
            JournalFormat.WriteFrameHeader(frame, encoder.Length, encoder.Length, lost, s.Last + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(8), JournalFormat.FrameChecksum(frame.AsSpan(16)));
            pieces.Add((0, 0, frame));
            s.HoleRanges.Add((s.Last + 1, s.Last + lost));
            s.Last += lost;
            s.Holes++;
        }
    }

    /// <summary>Writes the plan into a temporary file next to the segment, syncs it, and renames it over the segment.</summary>
    private static void Rewrite(string path, SegmentPlan plan)
    {
        if (plan.Delete)
        {
            File.Delete(path);
            return;
        }
        var temp = path + ".repair";
        using (var source = File.OpenHandle(path, FileMode.Open, FileAccess.Read))
        using (var target = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (plan.Header is not null)
            {
                target.Write(plan.Header);
            }
            else
            {
                using var reader = new SegmentFrameReader(path);
                var header = new byte[reader.Header!.Length];
                RandomAccess.Read(source, header, 0);
                target.Write(header);
            }
            foreach (var (offset, length, hole) in plan.Pieces)
            {
                if (hole is not null)
                {
                    target.Write(hole);
                    continue;
                }
                var bytes = new byte[length];
                RandomAccess.Read(source, bytes, offset);
                target.Write(bytes);
            }
            target.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
