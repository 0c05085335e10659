using System.Diagnostics;
using System.Threading.Channels;
using TradingEngine.Ring;

namespace TradingEngine.Perf.Ring;

/// <summary>One-producer → one-consumer throughput runs: our ring and the bounded channel baseline.</summary>
public static class ThroughputRuns
{
    public const int RingSize = 65536;

    /// <summary>Result of one run: events per second and bytes allocated by the whole process while it ran.</summary>
    public readonly record struct Run(double EventsPerSecond, long AllocatedBytes, long Events);

    public static WaitStrategy NewWait(string kind) => kind switch
    {
        "busyspin" => new BusySpinWaitStrategy(),
        "yielding" => new YieldingWaitStrategy(),
        "sleeping" => new SleepingWaitStrategy(),
        "blocking" => new BlockingWaitStrategy(),
        _ => throw new ArgumentException($"unknown wait strategy '{kind}' (busyspin, yielding, sleeping, blocking)", nameof(kind)),
    };

    /// <summary>1P→1C through the ring: the calling thread publishes one event per claim, a processor thread consumes.</summary>
    public static Run Ring(string wait, long events, int publishBatch, bool pin)
    {
        var ring = RingBuffer<PerfEvent>.CreateSingleProducer(RingSize, NewWait(wait));
        var signal = new RunSignal();
        var processor = new BatchEventProcessor<PerfEvent, ThroughputHandler>(
            ring, ring.NewBarrier(), new ThroughputHandler(signal, events - 1),
            new ProcessorOptions { Name = "perf-consumer", Cpu = pin ? 1 : null });
        ring.AddGatingSequences(processor.Sequence);
        // Our own thread (not processor.Start) so we can join the OS thread itself: a consumer thread still
        // tearing down after the previous run must not be counted in this run's allocations.
        var consumer = new Thread(processor.Run) { IsBackground = true, Name = "perf-consumer" };
        consumer.Start();
        signal.WaitStarted();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        if (publishBatch <= 1)
            PublishOneByOne(ring, events);
        else
            PublishInBatches(ring, events, publishBatch);
        var end = signal.Wait();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        processor.Halt();
        consumer.Join();
        Check(signal.Sum, events);
        return new Run(events / Stopwatch.GetElapsedTime(start, end).TotalSeconds, allocated, events);
    }

    /// <summary>The producer loop: one claim and one publish per event (what a tick decoder does).</summary>
    private static void PublishOneByOne(RingBuffer<PerfEvent> ring, long events)
    {
        for (long i = 0; i < events; i++)
        {
            var sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }
    }

    private static void PublishInBatches(RingBuffer<PerfEvent> ring, long events, int publishBatch)
    {
        long i = 0;
        while (i < events)
        {
            var n = (int)Math.Min(publishBatch, events - i);
            var hi = ring.Next(n);
            for (var s = hi - n + 1; s <= hi; s++)
                ring[s].Value = i++;
            ring.Publish(hi - n + 1, hi);
        }
    }

    /// <summary>1P→1C through a bounded channel (single reader and writer, capacity = ring size), consumed the idiomatic async way.</summary>
    public static Run Channel(long events)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<PerfEvent>(new BoundedChannelOptions(RingSize)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var signal = new RunSignal();
        var consumer = Task.Run(() => ConsumeAsync(channel.Reader, events, signal));

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var writer = channel.Writer;
        for (long i = 0; i < events; i++)
        {
            var evt = new PerfEvent { Value = i };
            while (!writer.TryWrite(evt))
            {
                var room = writer.WaitToWriteAsync();
                if (!room.IsCompleted)
                    room.AsTask().Wait();
            }
        }
        var end = signal.Wait();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        writer.Complete();
        consumer.Wait();
        Check(signal.Sum, events);
        return new Run(events / Stopwatch.GetElapsedTime(start, end).TotalSeconds, allocated, events);
    }

    private static async Task ConsumeAsync(ChannelReader<PerfEvent> reader, long events, RunSignal signal)
    {
        long count = 0;
        long sum = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var evt))
            {
                sum += evt.Value;
                if (++count == events)
                {
                    signal.Sum = sum;
                    signal.Done(Stopwatch.GetTimestamp());
                }
            }
        }
    }

    private static void Check(long sum, long events)
    {
        if (sum != events * (events - 1) / 2)
            throw new InvalidOperationException($"consumer summed {sum}, expected {events * (events - 1) / 2}: events were lost or duplicated");
    }
}
