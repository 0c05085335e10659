using System.Diagnostics;
using TradingEngine.Hosting.Observability;
using TradingEngine.Journal;
using TradingEngine.Tests.Journal;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Observability;

/// <summary>A journal's append and fsync samples drained into the histogram te run exports (issue 26).</summary>
public class LatencyHistogramTests
{
    [Fact]
    public void A_journals_samples_become_one_observation_each_with_buckets_sum_and_quantiles()
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            using var writer = JournalWriter.Open(dir, JournalTestEvents.Registry(), new JournalWriterOptions { Fsync = JournalFsyncPolicy.PerBatch });
            writer.SampleLatency();
            var appends = new LatencyHistogram(writer.AppendLatency!);
            var fsyncs = new LatencyHistogram(writer.FsyncLatency!);
            for (var i = 0; i < 300; i++) // more than one drain batch of the histogram
            {
                writer.Append(MarketEvent.FromTick(JournalRoundTripTests.SpyTick(i), i + 1), i);
                writer.Flush();
            }
            appends.Drain();
            fsyncs.Drain();
            Assert.Equal(writer.FramesWritten, appends.Count);
            Assert.Equal(writer.Syncs, fsyncs.Count);
            long total = 0;
            foreach (var bucket in appends.Buckets)
                total += bucket;
            Assert.Equal(appends.Count, total);
            Assert.InRange(appends.SumSeconds, writer.WriteTicks / (double)Stopwatch.Frequency * 0.99, writer.WriteTicks / (double)Stopwatch.Frequency * 1.01 + 1e-5);
            Assert.InRange(fsyncs.QuantileSeconds(0.5), 1e-9, fsyncs.QuantileSeconds(0.999));
            Assert.Null(appends.Sampler);
            Assert.Same(writer.AppendLatency, appends.JournalSamples);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
