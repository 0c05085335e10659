using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

/// <summary>
/// Damage that is not a torn tail (issue 18 item 3): opening refuses it without touching a byte, verify lists every bad
/// region, repair keeps a backup, salvages every good frame after it and records the hole as a gap event, and a skipping
/// reader goes on past it and says what it skipped.
/// </summary>
public sealed class JournalRepairTests : IDisposable
{
    private readonly string _dir = JournalTestEvents.TempDirectory();
    private readonly MarketEvent[] _events;
    private readonly List<(string Path, List<(long Offset, long End, long FirstSequence, int Count)> Frames, int HeaderLength)> _layout;

    public JournalRepairTests()
    {
        _events = new MarketEvent[6_000];
        long time = 1_381_219_217_034_000_000, price = 1_674_200;
        var random = new Random(11);
        for (var i = 0; i < _events.Length; i++)
        {
            time += random.Next(0, 50) * 1_000_000L;
            price += random.Next(-3, 4) * 100;
            var tick = new Tick { Symbol = new SymbolId(1 + i % 2), PricePrecision = 4, EventTime = time, PriceRaw = price, SizeRaw = random.Next(1, 30) * 10 };
            _events[i] = MarketEvent.FromTick(tick, i + 1);
        }
        using (var writer = JournalWriter.Open(_dir, JournalTestEvents.Registry(), Options))
            foreach (var e in _events)
                writer.Append(in e);
        _layout = JournalTestEvents.FrameMap(_dir);
        Assert.True(_layout.Count >= 3 && _layout[^1].Frames.Count >= 3, "the tests want 3 segments and 3 frames in the last");
    }

    private static JournalWriterOptions Options => new() { FrameBytes = 4096, SegmentBytes = 12 * 1024, Fsync = JournalFsyncPolicy.None, Log = _ => { } };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Flip(int segment, int frame, int at = 40)
    {
        var path = _layout[segment].Path;
        var bytes = File.ReadAllBytes(path);
        bytes[_layout[segment].Frames[frame].Offset + at] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }

    private List<MarketEvent> ReadAll(bool skipCorrupt, out JournalReader reader)
    {
        var list = new List<MarketEvent>();
        reader = new JournalReader(_dir, JournalTestEvents.Registry(), skipCorrupt: skipCorrupt);
        while (reader.TryRead(out var e))
            list.Add(e);
        reader.Dispose();
        return list;
    }

    [Fact]
    public void Opening_a_journal_with_a_bad_middle_frame_in_the_last_segment_fails_and_changes_nothing()
    {
        Flip(_layout.Count - 1, 1);
        var before = Directory.GetFiles(_dir, "*.tej").Order().Select(File.ReadAllBytes).ToArray();
        var bad = _layout[^1].Frames[1];
        var ex = Assert.Throws<JournalDamagedException>(() => JournalWriter.Open(_dir, JournalTestEvents.Registry(), Options).Dispose());
        Assert.Contains($"{Path.GetFileName(_layout[^1].Path)} frame 1 at byte {bad.Offset} is damaged (frame checksum mismatch", ex.Message);
        Assert.Contains("not a torn tail, so nothing was cut", ex.Message);
        Assert.Contains($"te journal repair {_dir}", ex.Message);
        Assert.Equal(bad.Offset, ex.Damage.Offset);
        var after = Directory.GetFiles(_dir, "*.tej").Order().Select(File.ReadAllBytes).ToArray();
        Assert.Equal(before.Length, after.Length);
        for (var i = 0; i < before.Length; i++)
            Assert.Equal(before[i], after[i]);
    }

    [Fact]
    public void A_complete_last_frame_with_a_bad_checksum_is_a_torn_tail_cut_and_logged()
    {
        var last = _layout[^1].Frames;
        Flip(_layout.Count - 1, last.Count - 1);
        var log = new List<string>();
        using (var writer = JournalWriter.Open(_dir, JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.None, Log = log.Add }))
        {
            Assert.NotNull(writer.RecoveredDamage);
            Assert.True(writer.RecoveredDamage.AtTail);
            Assert.Equal(last[^1].FirstSequence, writer.NextSequence);
        }
        var line = Assert.Single(log);
        Assert.Contains($"at frame {last.Count - 1}, byte {last[^1].Offset}", line);
        Assert.Contains($"kept its {last.Count - 1} good frames, events up to sequence {last[^1].FirstSequence - 1}", line);
        Assert.Contains($"the cut frame held {last[^1].Count} events", line);
        Assert.Equal(last[^1].Offset, new FileInfo(_layout[^1].Path).Length);
    }

    [Fact]
    public void Verify_reports_every_bad_frame_with_its_segment_offset_and_lost_sequences()
    {
        Flip(0, 1);
        Flip(_layout.Count - 1, 1);
        var report = JournalRepair.Verify(_dir);
        Assert.Equal(2, report.Damage.Count);
        for (var i = 0; i < 2; i++)
        {
            var (segment, frame) = i == 0 ? (0, 1) : (_layout.Count - 1, 1);
            var bad = _layout[segment].Frames[frame];
            var damage = report.Damage[i];
            Assert.Equal(_layout[segment].Path, damage.Segment);
            Assert.Equal(frame, damage.Frame);
            Assert.Equal(bad.Offset, damage.Offset);
            Assert.Equal(bad.End, damage.End);
            Assert.Equal(bad.FirstSequence - 1, damage.LastGoodSequence);
            Assert.Equal(bad.Count, damage.LostEvents);
            Assert.Equal(bad.FirstSequence + bad.Count, damage.NextSequence);
            Assert.False(damage.AtTail);
        }
        Assert.Equal(_events.Length - report.LostEvents, report.Events);
    }

    [Fact]
    public void A_skipping_reader_delivers_every_good_frame_and_lists_what_it_skipped()
    {
        Flip(1, 0);
        var bad = _layout[1].Frames[0];
        var events = ReadAll(skipCorrupt: true, out var reader);
        Assert.Equal(_events.Length - bad.Count, events.Count);
        var skipped = Assert.Single(reader.Skipped);
        Assert.Equal($"{bad.FirstSequence}..{bad.FirstSequence + bad.Count - 1}", skipped.LostRange);
        Assert.Equal(bad.Count, reader.EventsSkipped);
        var n = 0;
        for (var s = 1; s <= _events.Length; s++)
        {
            if (s >= bad.FirstSequence && s < bad.FirstSequence + bad.Count)
                continue;
            Assert.Equal(s, events[n].SourceSequence);
            JournalTestEvents.AssertSame(_events[s - 1] with { SourceSequence = s }, events[n] with { SourceSequence = s }, s);
            n++;
        }
        // without skipping the stream ends at the damage
        Assert.Equal(bad.FirstSequence - 1, ReadAll(skipCorrupt: false, out reader).Count);
        Assert.NotNull(reader.Damage);
    }

    [Fact]
    public void Repair_keeps_a_backup_salvages_the_frames_after_the_hole_and_records_it_as_a_gap_event()
    {
        var segment = _layout.Count - 1;
        Flip(segment, 1);
        var original = File.ReadAllBytes(_layout[segment].Path);
        var bad = _layout[segment].Frames[1];
        var report = JournalRepair.Repair(_dir, new DateTime(2026, 12, 7, 1, 2, 3, DateTimeKind.Utc));

        Assert.Equal(bad.Count, report.LostEvents);
        Assert.Equal(1, report.HolesRecorded);
        Assert.Equal(_layout[segment].Frames.Count - 2, report.FramesSalvaged);
        Assert.Equal([_layout[segment].Path], report.ChangedSegments);
        Assert.Equal(Path.Combine(_dir, "repair-backup-20261207T010203Z"), report.BackupDirectory);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(report.BackupDirectory!, Path.GetFileName(_layout[segment].Path))));

        // a plain reader reads it all: the hole is one gap event at the hole's last sequence, the rest unchanged
        var events = ReadAll(skipCorrupt: false, out var reader);
        Assert.Null(reader.Damage);
        Assert.Equal(1, reader.HolesRead);
        Assert.Equal(bad.Count, reader.EventsInHoles);
        Assert.Equal(_events.Length - bad.Count + 1, events.Count);
        var gap = events[(int)bad.FirstSequence - 1];
        Assert.Equal(MarketEventKind.Gap, gap.Kind);
        Assert.Equal(GapReason.JournalHole, gap.Gap.Reason);
        Assert.Equal(bad.Count, gap.Gap.LostCount);
        Assert.Equal(bad.FirstSequence + bad.Count - 1, gap.SourceSequence);
        Assert.Equal(_events[bad.FirstSequence - 2].EventTime, gap.EventTime);
        var after = events[(int)bad.FirstSequence];
        Assert.Equal(bad.FirstSequence + bad.Count, after.SourceSequence);
        JournalTestEvents.AssertSame(_events[^1] with { SourceSequence = _events.Length }, events[^1], _events.Length);

        Assert.True(JournalRepair.Verify(_dir).Clean);
        Assert.Empty(JournalRepair.Repair(_dir).ChangedSegments);
        // and the writer opens it and carries on
        using (var writer = JournalWriter.Open(_dir, JournalTestEvents.Registry(), Options))
        {
            Assert.Null(writer.RecoveredDamage);
            Assert.Equal(_events.Length + 1, writer.NextSequence);
            writer.Append(in _events[0]);
        }
        Assert.Equal(_events.Length + 1, ReadAll(skipCorrupt: false, out reader)[^1].SourceSequence);
        Assert.Null(reader.Damage);
    }

    [Fact]
    public void Repair_turns_a_segment_with_a_damaged_header_into_a_hole_and_cuts_a_torn_tail()
    {
        var path = _layout[1].Path;
        var bytes = File.ReadAllBytes(path);
        bytes[20] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var tail = _layout[^1].Frames[^1];
        using (var handle = File.OpenHandle(_layout[^1].Path, FileMode.Open, FileAccess.ReadWrite))
            RandomAccess.SetLength(handle, tail.End - 5);

        var report = JournalRepair.Repair(_dir);
        Assert.Equal(2, report.Damage.Count);
        Assert.True(report.Damage[1].AtTail);
        var lostInSegment = _layout[1].Frames.Sum(f => f.Count);
        Assert.Equal(lostInSegment + tail.Count, report.LostEvents);
        var events = ReadAll(skipCorrupt: false, out var reader);
        Assert.Null(reader.Damage);
        Assert.Equal(lostInSegment, reader.EventsInHoles);
        Assert.Equal(tail.FirstSequence - 1, events[^1].SourceSequence);
    }

    [Fact]
    public void A_segment_of_an_unknown_format_version_is_refused_with_both_versions_named()
    {
        var path = _layout[0].Path;
        var bytes = File.ReadAllBytes(path);
        bytes[8] = 9;
        File.WriteAllBytes(path, bytes);
        ReadAll(skipCorrupt: false, out var reader);
        Assert.NotNull(reader.Damage);
        Assert.Contains("segment written by format 9, this build reads 1", reader.Damage.Reason);
    }
}
