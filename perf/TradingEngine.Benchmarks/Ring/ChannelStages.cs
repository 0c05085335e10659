using System.Threading.Channels;

namespace TradingEngine.Benchmarks.Ring;

/// <summary>The bounded-channel baselines' building blocks: a channel like our ring, a counting sink, a forwarding stage.</summary>
public static class ChannelStages
{
    public const int Capacity = 65536;

    public static Channel<BenchEvent> Bounded(bool singleWriter = true) =>
        Channel.CreateBounded<BenchEvent>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = singleWriter,
            FullMode = BoundedChannelFullMode.Wait,
        });

    /// <summary>Writes without allocating when there is room; waits synchronously otherwise.</summary>
    public static void Write(ChannelWriter<BenchEvent> writer, in BenchEvent evt)
    {
        while (!writer.TryWrite(evt))
        {
            var room = writer.WaitToWriteAsync();
            if (!room.IsCompleted)
                room.AsTask().Wait();
        }
    }

    public static async Task SinkAsync(ChannelReader<BenchEvent> reader, BenchProgress progress)
    {
        long count = 0;
        long sum = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var evt))
            {
                sum += evt.Value;
                count++;
            }
            progress.Set(count);
        }
    }

    public static async Task ForwardAsync(ChannelReader<BenchEvent> reader, ChannelWriter<BenchEvent> next)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var evt))
            {
                evt.A++;
                if (!next.TryWrite(evt))
                    await next.WriteAsync(evt).ConfigureAwait(false);
            }
        }
        next.Complete();
    }

    /// <summary>The diamond's join: an event counts once both branches delivered it.</summary>
    public static async Task JoinAsync(ChannelReader<BenchEvent> left, ChannelReader<BenchEvent> right, BenchProgress progress)
    {
        long count = 0;
        while (await left.WaitToReadAsync().ConfigureAwait(false))
        {
            while (left.TryRead(out _))
            {
                if (!right.TryRead(out _))
                {
                    if (!await right.WaitToReadAsync().ConfigureAwait(false) || !right.TryRead(out _))
                        return;
                }
                count++;
            }
            progress.Set(count);
        }
    }
}
