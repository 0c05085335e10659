using CsCheck;
using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

/// <summary>
/// Damage anywhere in a journal: the reader names the exact segment, frame and offset, delivers every event before
/// that frame unchanged and nothing after it, and never throws; a writer reopening a torn tail truncates it to the
/// last good frame and carries on.
/// </summary>
public sealed class JournalCorruptionTests : IDisposable
{
    private readonly string _pristine = JournalTestEvents.TempDirectory();
    private readonly MarketEvent[] _events;
    private readonly List<(string Path, List<(long Offset, long End, long FirstSequence, int Count)> Frames, int HeaderLength)> _layout;

    public JournalCorruptionTests()
    {
        var random = new Random(7);
        _events = new MarketEvent[6_000];
        long time = 1_381_219_217_034_000_000, price = 1_674_200;
        for (var i = 0; i < _events.Length; i++)
        {
            time += random.Next(0, 50) * 1_000_000L;
            price += random.Next(-3, 4) * 100;
            var tick = new Tick
            {
                Symbol = new SymbolId(1 + i % 2),
                PricePrecision = 4,
                EventTime = time,
                PriceRaw = price,
                SizeRaw = random.Next(1, 30) * 10,
                Venue = (ushort)"QPDZNTKJ"[random.Next(8)],
                Conditions = (uint)random.Next(0, 4) << 13,
            };
            _events[i] = MarketEvent.FromTick(tick, i + 1);
        }
        using (var writer = JournalWriter.Open(_pristine, JournalTestEvents.Registry(),
                   new JournalWriterOptions { FrameBytes = 4096, SegmentBytes = 12 * 1024, Fsync = JournalFsyncPolicy.None }))
            foreach (var e in _events)
                writer.Append(in e);
        _layout = JournalTestEvents.FrameMap(_pristine);
        Assert.True(_layout.Count >= 3, $"{_layout.Count} segments: the test wants damage in first, middle and last segments");
        Assert.True(_layout.Sum(s => s.Frames.Count) >= 12);
    }

    public void Dispose() => Directory.Delete(_pristine, recursive: true);

    private Gen<(int Segment, long Offset)> Position =>
        Gen.Int[0, _layout.Count - 1].SelectMany(s => Gen.Long[0, new FileInfo(_layout[s].Path).Length - 1].Select(o => (s, o)));

    [Fact]
    public void A_flipped_byte_anywhere_is_reported_at_its_frame_and_everything_before_it_survives()
    {
        Gen.Select(Position, Gen.Byte[1, 255]).Sample((position, mask) =>
        {
            var dir = Copy();
            try
            {
                var (segmentIndex, offset) = position;
                var path = Path.Combine(dir, Path.GetFileName(_layout[segmentIndex].Path));
                var bytes = File.ReadAllBytes(path);
                bytes[offset] ^= mask;
                File.WriteAllBytes(path, bytes);

                var (frame, frameOffset, firstBad) = Locate(segmentIndex, offset);
                var delivered = ReadAll(dir, out var damage);
                Assert.NotNull(damage);
                Assert.Equal(path, damage.Segment);
                Assert.Equal(frame, damage.Frame);
                Assert.Equal(frameOffset, damage.Offset);
                Assert.Equal(firstBad - 1, damage.LastGoodSequence);
                Assert.Equal(firstBad - 1, delivered);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }, iter: 150);
    }

    [Fact]
    public void A_truncated_segment_is_reported_and_a_reopened_writer_cuts_the_torn_tail_and_continues()
    {
        Gen.Long[0, new FileInfo(_layout[^1].Path).Length - 1].Sample(cut =>
        {
            var dir = Copy();
            try
            {
                var last = _layout.Count - 1;
                var path = Path.Combine(dir, Path.GetFileName(_layout[last].Path));
                using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
                    RandomAccess.SetLength(handle, cut);

                var (frame, frameOffset, firstBad) = Locate(last, cut);
                var atBoundary = frameOffset == cut && frame >= 0;
                var delivered = ReadAll(dir, out var damage);
                Assert.Equal(firstBad - 1, delivered);
                if (atBoundary)
                {
                    Assert.Null(damage);
                }
                else
                {
                    Assert.NotNull(damage);
                    Assert.Equal(frame, damage.Frame);
                    Assert.Equal(frameOffset, damage.Offset);
                }

                using (var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
                {
                    Assert.Equal(atBoundary, writer.RecoveredDamage is null);
                    Assert.Equal(firstBad, writer.NextSequence);
                    for (var i = firstBad - 1; i < _events.Length; i++)
                        writer.Append(in _events[i]);
                }
                Assert.Equal(_events.Length, ReadAll(dir, out damage));
                Assert.Null(damage);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }, iter: 60);
    }

    [Fact]
    public void A_segment_cut_right_after_its_header_is_removed_and_its_name_reused()
    {
        var dir = Copy();
        try
        {
            var last = _layout[^1];
            var path = Path.Combine(dir, Path.GetFileName(last.Path));
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
                RandomAccess.SetLength(handle, last.HeaderLength);
            Assert.Equal(last.Frames[0].FirstSequence - 1, ReadAll(dir, out var damage));
            Assert.Null(damage);
            using (var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
            {
                Assert.Null(writer.RecoveredDamage);
                Assert.Equal(last.Frames[0].FirstSequence, writer.NextSequence);
                for (var i = writer.NextSequence - 1; i < _events.Length; i++)
                    writer.Append(in _events[i]);
            }
            Assert.Equal(_events.Length, ReadAll(dir, out damage));
            Assert.Null(damage);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_middle_segment_is_reported_as_a_sequence_gap()
    {
        var dir = Copy();
        try
        {
            File.Delete(Path.Combine(dir, Path.GetFileName(_layout[1].Path)));
            var delivered = ReadAll(dir, out var damage);
            Assert.NotNull(damage);
            Assert.Equal(-1, damage.Frame);
            Assert.Contains("a segment is missing", damage.Reason);
            Assert.Equal(_layout[1].Frames[0].FirstSequence - 1, delivered);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Throw_on_damage_names_the_segment_and_frame()
    {
        var dir = Copy();
        try
        {
            var path = Path.Combine(dir, Path.GetFileName(_layout[0].Path));
            var bytes = File.ReadAllBytes(path);
            var second = _layout[0].Frames[1];
            bytes[second.Offset + 40] ^= 0x55;
            File.WriteAllBytes(path, bytes);
            using var reader = new JournalReader(dir, throwOnDamage: true);
            var ex = Assert.Throws<InvalidDataException>(() => { while (reader.TryRead(out _)) { } });
            Assert.Contains($"{path}: frame 1 at byte {second.Offset}: frame checksum mismatch", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The frame holding <paramref name="offset"/> (−1 for the header), where it starts, and the first sequence lost with it.</summary>
    private (int Frame, long FrameOffset, long FirstBad) Locate(int segmentIndex, long offset)
    {
        var (_, frames, headerLength) = _layout[segmentIndex];
        if (offset < headerLength)
            return (-1, 0, frames[0].FirstSequence);
        for (var i = 0; i < frames.Count; i++)
            if (offset < frames[i].End)
                return (i, frames[i].Offset, frames[i].FirstSequence);
        throw new InvalidOperationException("offset past the last frame");
    }

    /// <summary>Reads everything, checking each event against the original; returns how many were delivered.</summary>
    private long ReadAll(string dir, out JournalDamage? damage)
    {
        using var reader = new JournalReader(dir, JournalTestEvents.Registry());
        long n = 0;
        while (reader.TryRead(out var e))
        {
            n++;
            JournalTestEvents.AssertSame(_events[n - 1], in e, n);
        }
        damage = reader.Damage;
        return n;
    }

    private string Copy()
    {
        var dir = JournalTestEvents.TempDirectory();
        foreach (var file in Directory.GetFiles(_pristine))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }
}
