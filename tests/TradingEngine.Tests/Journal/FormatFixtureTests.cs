using TradingEngine.Hosting.Recovery;
using TradingEngine.Journal;
using TradingEngine.Tests.Hosting.Recovery;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

/// <summary>
/// A small journal and a small snapshot written by format 1 are checked in (Journal/Fixtures, synthetic data): this build
/// must keep reading them, and refuses a file of another version naming both. When the format changes on purpose, bump
/// the version, keep reading these, and add the new format's files (TE_REGENERATE_FIXTURES=1 writes them).
/// </summary>
public sealed class FormatFixtureTests
{
    private static string Fixtures => Path.Combine(TestData.RepositoryRoot(), "tests/TradingEngine.Tests/Journal/Fixtures");
    private static string JournalFixture => Path.Combine(Fixtures, "journal-format-1");
    private static string SnapshotFixture => Path.Combine(Fixtures, "snapshot-format-1.tes");
    private static bool Regenerate => Environment.GetEnvironmentVariable("TE_REGENERATE_FIXTURES") == "1";

    /// <summary>1,200 ticks of two symbols, a quote and a gap: every segment and record path of format 1, deterministic.</summary>
    private static MarketEvent[] FixtureEvents()
    {
        var events = new List<MarketEvent>();
        var random = new Random(18);
        long time = 1_381_219_217_034_000_000, price = 1_674_200;
        for (var i = 0; i < 1_200; i++)
        {
            time += random.Next(0, 50) * 1_000_000L;
            price += random.Next(-3, 4) * 25;
            var tick = new Tick { Symbol = new SymbolId(1 + i % 2), PricePrecision = 4, EventTime = time, ReceiveTime = time + 1_500, PriceRaw = price, SizeRaw = random.Next(1, 30), Venue = (ushort)'Q' };
            events.Add(MarketEvent.FromTick(tick, 1_000 + i));
        }
        var quote = new Quote { Symbol = new SymbolId(2), PricePrecision = 4, EventTime = time + 1, BidRaw = price - 25, AskRaw = price + 25, BidSizeRaw = 3, AskSizeRaw = 4 };
        events.Add(MarketEvent.FromQuote(quote, 2_200));
        events.Add(MarketEvent.FromGap(new SymbolId(1), time + 2, 7, GapReason.SequenceGap, 2_208));
        return [.. events];
    }

    private static void WriteJournal(string directory)
    {
        var symbols = new SymbolRegistry();
        symbols.GetOrAdd("ESZ3");
        symbols.GetOrAdd("SPY");
        using var writer = JournalWriter.Open(directory, symbols, new JournalWriterOptions
        {
            FrameBytes = 4096, SegmentBytes = 4096, Fsync = JournalFsyncPolicy.None, Clock = () => 1_765_000_000_000_000_000, Log = _ => { },
        });
        foreach (var e in FixtureEvents())
            writer.Append(in e);
    }

    [Fact]
    public void The_format_1_journal_fixture_reads_back_every_event_and_todays_writer_writes_it_byte_for_byte()
    {
        if (Regenerate)
        {
            if (Directory.Exists(JournalFixture))
                Directory.Delete(JournalFixture, recursive: true);
            WriteJournal(JournalFixture);
            File.Delete(Path.Combine(JournalFixture, "writer.lock"));
        }
        var expected = FixtureEvents();
        var names = new SymbolRegistry();
        names.GetOrAdd("ESZ3");
        names.GetOrAdd("SPY");
        using (var reader = new JournalReader(JournalFixture, names))
        {
            var n = 0;
            while (reader.TryRead(out var e))
            {
                var source = reader.SourceSequenceAtWrite;
                Assert.Equal(expected[n].SourceSequence, source);
                JournalTestEvents.AssertSame(expected[n] with { SourceSequence = n + 1 }, in e, n + 1);
                n++;
            }
            Assert.Null(reader.Damage);
            Assert.Equal(expected.Length, n);
            Assert.True(reader.Segments.Count >= 2, "the fixture should span segments");
        }
        var today = JournalTestEvents.TempDirectory();
        try
        {
            WriteJournal(today);
            var fixtureFiles = Directory.GetFiles(JournalFixture, "*.tej").Order(StringComparer.Ordinal).ToArray();
            var todayFiles = Directory.GetFiles(today, "*.tej").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(fixtureFiles.Select(Path.GetFileName), todayFiles.Select(Path.GetFileName));
            for (var i = 0; i < fixtureFiles.Length; i++)
                Assert.True(File.ReadAllBytes(fixtureFiles[i]).AsSpan().SequenceEqual(File.ReadAllBytes(todayFiles[i])),
                    $"{Path.GetFileName(fixtureFiles[i])}: today's writer no longer writes format 1 byte for byte; bump JournalFormat.Version and keep reading format 1");
        }
        finally
        {
            Directory.Delete(today, recursive: true);
        }
    }

    [Fact]
    public void The_format_1_snapshot_fixture_stays_readable_and_another_version_is_refused_by_name()
    {
        if (Regenerate)
        {
            using var fixture = RecoveryFixture.Synthetic(500);
            var engine = fixture.NewEngine();
            engine.Feed(fixture.Events, 0, fixture.Events.Length);
            var buffer = new SnapshotBuffer();
            ExecutorSnapshot.Write(engine.Executor, engine.Symbols, fixture.Events.Length, fixture.Events[^1].EventTime, buffer, ExecutorSnapshot.AfterJournalHole);
            File.WriteAllBytes(SnapshotFixture, buffer.WrittenSpan.ToArray());
        }
        var bytes = File.ReadAllBytes(SnapshotFixture);
        var (sequence, lastEventTime) = ExecutorSnapshot.ReadHeader(bytes, "snapshot-format-1.tes", out var flags);
        Assert.Equal(500, sequence);
        Assert.True(lastEventTime > 0);
        Assert.Equal(ExecutorSnapshot.AfterJournalHole, flags);
        bytes[4] = 2;
        var ex = Assert.Throws<InvalidDataException>(() => ExecutorSnapshot.ReadHeader(bytes, "snapshot-format-1.tes"));
        Assert.Equal("snapshot snapshot-format-1.tes: written by format 2, this build reads 1", ex.Message);
    }

    [Fact]
    public void A_journal_segment_of_another_version_is_refused_by_name()
    {
        var copy = JournalTestEvents.TempDirectory();
        try
        {
            foreach (var file in Directory.GetFiles(JournalFixture, "*.tej"))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var first = Directory.GetFiles(copy, "*.tej").Order(StringComparer.Ordinal).First();
            var bytes = File.ReadAllBytes(first);
            bytes[8] = 2;
            File.WriteAllBytes(first, bytes);
            using var reader = new JournalReader(copy);
            Assert.False(reader.TryRead(out _));
            Assert.Equal("segment written by format 2, this build reads 1", reader.Damage!.Reason);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
