using CsCheck;
using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

public class JournalRoundTripTests
{
    private static readonly JournalWriterOptions SmallFrames = new()
    {
        FrameBytes = 4096,
        SegmentBytes = 8192,
        Fsync = JournalFsyncPolicy.None,
    };

    [Fact]
    public void Random_event_sequences_read_back_exactly_across_frames_and_segments()
    {
        JournalTestEvents.Events.Array[1, 3].Sample(batches =>
        {
            var dir = JournalTestEvents.TempDirectory();
            try
            {
                var all = new List<MarketEvent>();
                // several writer sessions: each reopen continues the sequence in a new segment
                foreach (var batch in batches)
                {
                    using var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), SmallFrames);
                    Assert.Null(writer.RecoveredDamage);
                    Assert.Equal(all.Count + 1, writer.NextSequence);
                    foreach (var e in batch)
                        writer.Append(in e);
                    all.AddRange(batch);
                }
                using var reader = new JournalReader(dir, JournalTestEvents.Registry());
                var n = 0L;
                while (reader.TryRead(out var actual))
                {
                    n++;
                    JournalTestEvents.AssertSame(all[(int)n - 1], in actual, n);
                    Assert.Equal(all[(int)n - 1].SourceSequence, reader.SourceSequenceAtWrite);
                }
                Assert.Null(reader.Damage);
                Assert.Equal(all.Count, n);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }, iter: 60);
    }

    [Fact]
    public void Reading_from_a_sequence_skips_earlier_segments_and_events()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var events = Enumerable.Range(0, 50_000).Select(i => MarketEvent.FromTick(SpyTick(i), i + 1)).ToArray();
            using (var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { FrameBytes = 4096, SegmentBytes = 4096, Fsync = JournalFsyncPolicy.None }))
                foreach (var e in events)
                    writer.Append(in e);
            using var reader = new JournalReader(dir, JournalTestEvents.Registry(), fromSequence: 30_001);
            Assert.True(reader.Segments.Count > 2, $"{reader.Segments.Count} segments");
            var expected = 30_001L;
            foreach (var e in reader)
            {
                JournalTestEvents.AssertSame(events[expected - 1], in e, expected);
                expected++;
            }
            Assert.Equal(50_001, expected);
            Assert.Null(reader.Damage);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Symbol_ids_are_translated_by_name_into_the_readers_registry()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var writerSymbols = new SymbolRegistry();
            var spy = writerSymbols.GetOrAdd("SPY");
            using (var writer = JournalWriter.Open(dir, writerSymbols, SmallFrames))
            {
                writer.Append(MarketEvent.FromTick(SpyTick(0) with { Symbol = spy }, 1));
                var late = writerSymbols.GetOrAdd("LATE"); // registered after the segment header was written
                writer.Append(MarketEvent.FromTimer(late, 5, 2));
            }
            var readerSymbols = new SymbolRegistry();
            readerSymbols.GetOrAdd("OTHER");
            using var reader = new JournalReader(dir, readerSymbols);
            Assert.True(reader.TryRead(out var first));
            Assert.Equal("SPY", readerSymbols.NameOf(first.Symbol));
            Assert.Equal(first.Symbol, first.Tick.Symbol);
            Assert.True(reader.TryRead(out var second));
            Assert.Equal("LATE", readerSymbols.NameOf(second.Timer.Symbol));
            Assert.Equal(second.Symbol, second.Timer.Symbol);
            Assert.False(reader.TryRead(out _));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_unregistered_symbol_id_is_refused_with_its_id()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), SmallFrames);
            var ex = Assert.Throws<ArgumentException>(() => writer.Append(MarketEvent.FromTimer(new SymbolId(42), 1)));
            Assert.Contains("symbol id 42", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_event_without_a_kind_is_refused_and_leaves_the_frame_intact()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using (var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), SmallFrames))
            {
                writer.Append(MarketEvent.FromTick(SpyTick(0), 1));
                var ex = Assert.Throws<ArgumentException>(() => writer.Append(new MarketEvent { SourceSequence = 77 }));
                Assert.Contains("kind 0 cannot be journaled", ex.Message);
                writer.Append(MarketEvent.FromTick(SpyTick(1), 2));
            }
            using var reader = new JournalReader(dir, JournalTestEvents.Registry());
            Assert.True(reader.TryRead(out var first));
            JournalTestEvents.AssertSame(MarketEvent.FromTick(SpyTick(0), 1), in first, 1);
            Assert.True(reader.TryRead(out var second));
            JournalTestEvents.AssertSame(MarketEvent.FromTick(SpyTick(1), 2), in second, 2);
            Assert.Equal(2, reader.SourceSequenceAtWrite);
            Assert.False(reader.TryRead(out _));
            Assert.Null(reader.Damage);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_second_writer_on_the_same_journal_is_refused_until_the_first_is_disposed()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var first = JournalWriter.Open(dir, JournalTestEvents.Registry(), SmallFrames);
            var ex = Assert.Throws<IOException>(() => JournalWriter.Open(dir, JournalTestEvents.Registry(), SmallFrames));
            Assert.Contains("already open for writing", ex.Message);
            first.Append(MarketEvent.FromTick(SpyTick(0), 1));
            first.Dispose();
            using var second = JournalWriter.Open(dir, JournalTestEvents.Registry(), SmallFrames);
            Assert.Equal(2, second.NextSequence);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_payload_starts_with_its_symbol_so_the_writer_can_read_it_without_the_kind()
    {
        Assert.Equal(0, (int)System.Runtime.InteropServices.Marshal.OffsetOf<Tick>(nameof(Tick.Symbol)));
        Assert.Equal(0, (int)System.Runtime.InteropServices.Marshal.OffsetOf<Quote>(nameof(Quote.Symbol)));
        Assert.Equal(0, (int)System.Runtime.InteropServices.Marshal.OffsetOf<Candle>(nameof(Candle.Symbol)));
        Assert.Equal(0, (int)System.Runtime.InteropServices.Marshal.OffsetOf<TimerEvent>(nameof(TimerEvent.Symbol)));
        Assert.Equal(0, (int)System.Runtime.InteropServices.Marshal.OffsetOf<GapEvent>(nameof(GapEvent.Symbol)));
        var e = MarketEvent.FromGap(new SymbolId(3), 1, 2, GapReason.SequenceGap);
        Assert.Equal(3, e.Tick.Symbol.Value);
    }

    internal static Tick SpyTick(int i) => new()
    {
        Symbol = new SymbolId(1),
        PricePrecision = 4,
        EventTime = 1_381_219_217_034_000_000 + i * 3_000_000L,
        PriceRaw = 1_674_200 + (i % 7 - 3) * 100,
        SizeRaw = 100 * (1 + i % 3),
        Venue = (ushort)"QPDZ"[i % 4],
        Conditions = i % 5 == 0 ? 0x20002020u : 0x2000u,
    };
}
