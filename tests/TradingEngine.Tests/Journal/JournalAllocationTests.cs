using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

/// <summary>The hot paths (append, including frame compression and writes; read and decode) allocate nothing per event.</summary>
public class JournalAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // te run --metrics: every frame's append time and every fsync's time kept as a sample
    public void Appending_and_writing_frames_allocates_nothing_in_steady_state(bool sampleLatency)
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions
            {
                FrameBytes = 64 * 1024,
                Fsync = sampleLatency ? JournalFsyncPolicy.Interval : JournalFsyncPolicy.None, // with samples: fsyncs too, a few
                FsyncInterval = TimeSpan.FromMilliseconds(20),
            });
            if (sampleLatency)
                writer.SampleLatency(capacity: 1 << 10); // fills up within the run: dropping a sample allocates nothing either
            var slot = MarketEvent.FromTick(JournalRoundTripTests.SpyTick(0), 1);
            for (var i = 0; i < 50_000; i++) // warm-up: segment creation, JIT tiers
            {
                slot.Tick = JournalRoundTripTests.SpyTick(i);
                writer.Append(in slot, i);
            }
            writer.Flush();
            var frames = writer.FramesWritten;
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 50_000; i < 550_000; i++)
            {
                slot.Tick = JournalRoundTripTests.SpyTick(i);
                slot.SourceSequence = i + 1;
                writer.Append(in slot, i);
                if (i % 1_000 == 0)
                    writer.Flush(); // a ring batch end every 1,000 events
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(writer.FramesWritten - frames >= 500, $"{writer.FramesWritten - frames} frames written");
            // this thread's allocations only: other test classes run in parallel, so a process-wide GC count would flake
            Assert.Equal(0, allocated);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Reading_allocates_nothing_per_event_once_buffers_have_grown()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using (var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { FrameBytes = 64 * 1024, Fsync = JournalFsyncPolicy.None }))
                for (var i = 0; i < 400_000; i++)
                    writer.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), i + 1));
            using var reader = new JournalReader(dir, JournalTestEvents.Registry());
            for (var i = 0; i < 50_000; i++)
                Assert.True(reader.TryRead(out _));
            var before = GC.GetAllocatedBytesForCurrentThread();
            long n = 0;
            while (reader.TryRead(out _))
                n++;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(350_000, n);
            // frames reuse the reader's two buffers; only opening another segment allocates (its file handle), and there is one
            Assert.Equal(0, allocated);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Another_segment_and_another_reader_reuse_the_frame_buffers()
    {
        // every replay reads its journal twice (the symbol scan, then the replay): when each reader, and each segment
        // of a reader, allocated its own frame buffers (64 KiB each, doubling to the frame size), that was ~5 MB per
        // pass over the SPY journal and 2.7 B/tick in the replay suite's "marginal" figure
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using (var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(),
                       new JournalWriterOptions { FrameBytes = 64 * 1024, SegmentBytes = 64 * 1024, Fsync = JournalFsyncPolicy.None }))
                for (var i = 0; i < 300_000; i++)
                {
                    writer.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), i + 1));
                    if (i % 1_000 == 999)
                        writer.Flush(); // a ring batch end: where a full segment rolls
                }
            Assert.Equal(300_000, ReadAll(dir)); // warm-up: JIT tiers, and the pool holds buffers of the frames' size
            int segments;
            using (var probe = new JournalReader(dir))
                segments = probe.Segments.Count;
            Assert.True(segments >= 4, $"{segments} segments");
            var before = GC.GetAllocatedBytesForCurrentThread();
            var n = ReadAll(dir);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(300_000, n);
            // a new reader, then a new segment: a file handle, a segment header and its symbol names (~15 KiB per segment
            // measured), never frame buffers again (two of at least 64 KiB each per segment when each allocated its own)
            Assert.True(allocated < 32_768L * segments, $"a second reader of {segments} segments allocated {allocated:N0} B; expected < 32 KiB per segment");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long ReadAll(string dir)
    {
        using var reader = new JournalReader(dir, JournalTestEvents.Registry());
        long n = 0;
        while (reader.TryRead(out _))
            n++;
        return n;
    }

    [Fact]
    public void The_tail_names_the_last_sequence_and_its_source_sequence()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            Assert.Equal(default, JournalTail.Read(dir));
            using (var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { FrameBytes = 4096, SegmentBytes = 4096, Fsync = JournalFsyncPolicy.None }))
                for (var i = 0; i < 20_000; i++)
                    writer.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), 500 + 2L * i));
            var tail = JournalTail.Read(dir);
            Assert.Equal(20_000, tail.Sequence);
            Assert.Equal(500 + 2L * 19_999, tail.SourceSequence);
            Assert.Null(tail.Damage);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
