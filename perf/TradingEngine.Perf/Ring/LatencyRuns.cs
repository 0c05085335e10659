using System.Diagnostics;
using System.Threading.Channels;
using HdrHistogram;
using TradingEngine.Ring;

namespace TradingEngine.Perf.Ring;

/// <summary>
/// One-way latency at a paced rate: the producer publishes one event every <c>interval</c> (spinning until its
/// due time), stamped with the publish time; the consumer records now − stamp. Ring vs bounded channel.
/// </summary>
public static class LatencyRuns
{
    private const long HighestTrackableNanos = 10_000_000_000;

    public static long Clamp(long nanos) => Math.Clamp(nanos, 1, HighestTrackableNanos);

    public static LatencySummary Ring(string wait, long events, long warmup, TimeSpan interval, bool pin)
    {
        var ring = RingBuffer<PerfEvent>.CreateSingleProducer(ThroughputRuns.RingSize, ThroughputRuns.NewWait(wait));
        var histogram = new LongHistogram(HighestTrackableNanos, 3);
        var signal = new RunSignal();
        var total = warmup + events;
        var processor = new BatchEventProcessor<PerfEvent, LatencyHandler>(
            ring, ring.NewBarrier(), new LatencyHandler(histogram, signal, total - 1, warmup),
            new ProcessorOptions { Name = "perf-latency", Cpu = pin ? 1 : null });
        ring.AddGatingSequences(processor.Sequence);
        processor.Start();
        signal.WaitStarted();

        var intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var due = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            due += intervalTicks;
            while (Stopwatch.GetTimestamp() < due)
            {
            }
            var sequence = ring.Next();
            ref var evt = ref ring[sequence];
            evt.Value = i;
            evt.Timestamp = Stopwatch.GetTimestamp();
            ring.Publish(sequence);
        }
        signal.Wait();
        processor.Halt();
        processor.Join(TimeSpan.FromSeconds(10));
        return LatencySummary.From($"ring-{wait}", histogram);
    }

    public static LatencySummary Channel(long events, long warmup, TimeSpan interval)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<PerfEvent>(new BoundedChannelOptions(ThroughputRuns.RingSize)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var histogram = new LongHistogram(HighestTrackableNanos, 3);
        var total = warmup + events;
        var consumer = Task.Run(() => ConsumeAsync(channel.Reader, histogram, warmup));

        var intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var due = Stopwatch.GetTimestamp();
        var writer = channel.Writer;
        for (long i = 0; i < total; i++)
        {
            due += intervalTicks;
            while (Stopwatch.GetTimestamp() < due)
            {
            }
            var evt = new PerfEvent { Value = i, Timestamp = Stopwatch.GetTimestamp() };
            while (!writer.TryWrite(evt))
            {
                var room = writer.WaitToWriteAsync();
                if (!room.IsCompleted)
                    room.AsTask().Wait();
            }
        }
        writer.Complete();
        consumer.Wait();
        return LatencySummary.From("channels", histogram);
    }

    private static async Task ConsumeAsync(ChannelReader<PerfEvent> reader, LongHistogram histogram, long warmup)
    {
        var nanosPerTick = 1e9 / Stopwatch.Frequency;
        long count = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var evt))
            {
                var now = Stopwatch.GetTimestamp();
                if (count++ >= warmup)
                    histogram.RecordValue(Clamp((long)((now - evt.Timestamp) * nanosPerTick)));
            }
        }
    }
}
