using System.Diagnostics;
using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

/// <summary>
/// The journal's append and fsync times as samples (issue 26: latency as histograms, not a mean): one sample per frame
/// and per fsync, drained off the journaler thread; a full buffer drops and counts, never waits.
/// </summary>
public class JournalLatencySamplesTests
{
    [Fact]
    public void Every_frame_and_every_fsync_leaves_one_sample_whose_sum_is_the_writers_time()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.PerBatch });
            Assert.Null(writer.AppendLatency);
            writer.SampleLatency();
            for (var i = 0; i < 40; i++)
            {
                writer.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), i + 1), i);
                writer.Flush(); // a frame and an fsync per ring batch
            }
            var appends = DrainAll(writer.AppendLatency!);
            var fsyncs = DrainAll(writer.FsyncLatency!);
            Assert.Equal(40, writer.FramesWritten);
            Assert.Equal(writer.FramesWritten, appends.Count);
            Assert.Equal(writer.Syncs, fsyncs.Count);
            Assert.All(appends, n => Assert.True(n >= 0));
            var nanosPerTick = 1e9 / Stopwatch.Frequency;
            Assert.InRange(appends.Sum(), writer.WriteTicks * nanosPerTick - appends.Count, writer.WriteTicks * nanosPerTick + 1);
            Assert.InRange(fsyncs.Sum(), writer.SyncTicks * nanosPerTick - fsyncs.Count, writer.SyncTicks * nanosPerTick + 1);
            Assert.Empty(DrainAll(writer.AppendLatency!)); // a drain frees what it read
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_full_buffer_drops_the_sample_and_counts_it()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.None });
            writer.SampleLatency(capacity: 4);
            for (var i = 0; i < 10; i++)
            {
                writer.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), i + 1), i);
                writer.Flush();
            }
            var samples = writer.AppendLatency!;
            Assert.Equal(6, samples.Dropped);
            Assert.Equal(4, DrainAll(samples).Count);
            Assert.Equal(0, writer.Syncs);
            Assert.Empty(DrainAll(writer.FsyncLatency!));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_capacity_other_than_a_power_of_two_is_refused() =>
        Assert.Contains("power of two", Assert.Throws<ArgumentOutOfRangeException>(() => new JournalLatencySamples(1000)).Message);

    private static List<long> DrainAll(JournalLatencySamples samples)
    {
        var all = new List<long>();
        var buffer = new long[3]; // smaller than what waits: the drain is called again while it fills the span
        int n;
        while ((n = samples.Drain(buffer)) > 0)
            all.AddRange(buffer.AsSpan(0, n).ToArray());
        return all;
    }
}
