using TradingEngine.Hosting;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Tests.Nats;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting;

/// <summary>
/// A message rejected after its ring slot was claimed reaches the ring's consumers as a skip marker: the executor and
/// the journaler pass over it and count it, the journal never holds it, and the snapshots still name the journal
/// sequence of the last event they cover (a skip marker takes a ring slot but no journal sequence).
/// </summary>
public sealed class SkipMarkerConsumerTests
{
    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    [Fact]
    public void A_message_rejected_after_its_slot_was_claimed_is_a_counted_skip_for_the_executor_and_journal_not_an_event()
    {
        var dir = Directory.CreateTempSubdirectory("te-skip-");
        try
        {
            var symbols = new SymbolRegistry();
            var (executor, _, instruments) = EngineFactory.CreateExecutor(Repo("pipelines/us_equity.yaml"), Repo("pipelines/instruments.yaml"), ["SPY"], symbols);
            var journal = JournalWriter.Open(Path.Combine(dir.FullName, "journal"), symbols);
            var ring = RingBuffer<MarketEvent>.CreateMultiProducer(64, new BlockingWaitStrategy());
            var pipeline = new RingPipeline<MarketEvent>(ring);
            pipeline.Add(new Journaler(journal));
            var snapshots = LiveRecovery.CreateWriter(Path.Combine(dir.FullName, "snapshots"), new SnapshotPolicy { EveryEvents = 7, Keep = 100 }, journal, null);
            pipeline.Add(LiveRecovery.CreateHandler(executor, symbols, ring, new DiscardSink(), snapshots, new SnapshotPolicy { EveryEvents = 7, Keep = 100 }, journal));
            pipeline.Start();
            var counters = new IngestionCounters();
            var stage = new IngestionStage(ring, symbols, counters, new JsonInputDecoder(symbols, instruments), new BinaryInputDecoder(), new IngestionOptions { Instruments = instruments });
            var start = UtcNanos.Now() - UtcNanos.PerMinute;
            const int messages = 300;
            var good = 0;
            for (var i = 1; i <= messages; i++)
            {
                // every fifth a zero-size trade, every seventh stamped 2099: both fail after the claim
                var json = i % 5 == 0 ? InputSamples.TickJson(UtcNanos.ToIso8601(start + i * UtcNanos.PerMillisecond), size: "0")
                    : i % 7 == 0 ? InputSamples.TickJson("2099-01-01T00:00:00Z")
                    : InputSamples.TickJson(UtcNanos.ToIso8601(start + i * UtcNanos.PerMillisecond));
                if (stage.Stage(InputSamples.TickSubject, InputSamples.Utf8(json), i, out _, out _))
                    good++;
                if (i % 10 == 0)
                    stage.Flush();
            }
            stage.Flush();
            Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)), "the ring drained");
            snapshots.Dispose();
            var skipped = messages - good;
            Assert.Equal(skipped, counters.SkipMarkers);

            var sample = executor.Counters.Sample();
            Assert.Equal(good, sample.Ticks);
            Assert.Equal(good, sample.Events);
            Assert.Equal(skipped, sample.SkipMarkers);
            Assert.Equal(0, sample.UnknownSymbols);
            Assert.Equal(0, sample.EventFailures);

            Assert.Equal(skipped, journal.SkipMarkers);
            Assert.Equal(good, journal.NextSequence - 1);
            var lastRing = journal.DurableRingSequence.Value;
            journal.Dispose();
            using (var reader = new JournalReader(Path.Combine(dir.FullName, "journal"), symbols))
            {
                var read = 0;
                while (reader.TryRead(out var e))
                {
                    Assert.Equal(MarketEventKind.Tick, e.Kind);
                    read++;
                }
                Assert.Equal(good, read);
            }
            Assert.True(lastRing <= messages - 1);

            // every snapshot names a journal sequence of an event, the last one the journal's end
            var taken = new SnapshotStore(Path.Combine(dir.FullName, "snapshots"), 100).List();
            Assert.NotEmpty(taken);
            Assert.All(taken, s => Assert.InRange(s.Sequence, 1, good));
            Assert.Equal(good, taken.Max(s => s.Sequence));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
