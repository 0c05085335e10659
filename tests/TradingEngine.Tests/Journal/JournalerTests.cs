using TradingEngine.Journal;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

public class JournalerTests
{
    [Theory]
    [InlineData(JournalFsyncPolicy.PerBatch)]
    [InlineData(JournalFsyncPolicy.None)]
    [InlineData(JournalFsyncPolicy.Interval)]
    public void The_journaler_consumes_the_input_ring_and_its_durable_sequence_covers_every_published_slot(JournalFsyncPolicy policy)
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            const int count = 20_000;
            var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(),
                new JournalWriterOptions { FrameBytes = 16 * 1024, Fsync = policy, FsyncInterval = TimeSpan.FromMilliseconds(1) });
            var ring = RingBuffer<MarketEvent>.CreateSingleProducer(1024, new BlockingWaitStrategy(TimeSpan.FromMilliseconds(2)));
            var pipeline = new RingPipeline<MarketEvent>(ring);
            pipeline.Add(new Journaler(writer));
            pipeline.Start();
            for (var i = 0; i < count; i++)
            {
                using var scope = ring.Claim();
                scope.Event = MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), 1_000 + i);
            }
            // the ring's last sequence is count - 1; the interval policy gets there through OnTimeout on a quiet ring
            Assert.True(SpinWait.SpinUntil(() => writer.DurableRingSequence.Value == count - 1, TimeSpan.FromSeconds(20)),
                $"durable ring sequence {writer.DurableRingSequence.Value}, expected {count - 1}");
            Assert.Equal(count, writer.DurableSequence.Value);
            Assert.Equal(1_000 + count - 1, writer.DurableSourceSequence.Value);
            Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));
            writer.Dispose();

            using var reader = new JournalReader(dir, JournalTestEvents.Registry());
            long n = 0;
            foreach (var e in reader)
            {
                JournalTestEvents.AssertSame(MarketEvent.FromTick(JournalRoundTripTests.SpyTick((int)n), 1_000 + n), in e, n + 1);
                Assert.Equal(1_000 + n, reader.SourceSequenceAtWrite);
                n++;
            }
            Assert.Equal(count, n);
            Assert.Null(reader.Damage);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Timers_and_gaps_after_the_last_sourced_event_leave_the_durable_source_sequence_at_it()
    {
        // the live clock's timers (and gap events) carry no source position (0): a journal ending on one must still say
        // which stream message it holds last, or the output mark written at shutdown would fall back to 0
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.None });
            var tick = MarketEvent.FromTick(JournalRoundTripTests.SpyTick(0), 4_711);
            writer.Append(in tick);
            var timer = MarketEvent.FromTimer(tick.Symbol, tick.EventTime + UtcNanos.PerSecond);
            writer.Append(in timer);
            var gap = MarketEvent.FromGap(tick.Symbol, tick.EventTime + UtcNanos.PerSecond, 3, GapReason.SequenceGap);
            writer.Append(in gap);
            writer.Flush();
            Assert.Equal(3, writer.DurableSequence.Value);
            Assert.Equal(4_711, writer.DurableSourceSequence.Value);
            Assert.Equal(new JournalTail(3, 4_711, null), JournalTail.Read(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Per_batch_policy_syncs_each_frame_and_none_never_syncs()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using (var perBatch = JournalWriter.Open(Path.Combine(dir, "a"), JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.PerBatch }))
            {
                for (var i = 0; i < 3; i++)
                {
                    perBatch.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), i + 1), ringSequence: i);
                    Assert.Equal(i, perBatch.DurableSequence.Value);
                    perBatch.Flush();
                    Assert.Equal(i + 1, perBatch.DurableSequence.Value);
                    Assert.Equal(i, perBatch.DurableRingSequence.Value);
                }
                Assert.Equal(3, perBatch.Syncs);
                Assert.Equal(3, perBatch.FramesWritten);
            }
            using var none = JournalWriter.Open(Path.Combine(dir, "b"), JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.None });
            none.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(0), 1));
            none.Flush();
            Assert.Equal(1, none.DurableSequence.Value);
            Assert.Equal(0, none.Syncs);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
