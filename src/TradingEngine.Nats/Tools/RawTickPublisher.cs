using System.Buffers;
using System.Diagnostics;
using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Feeds recorded ticks into <c>ticks.raw.{symbol}</c> as the external JSON contract, paced at a rate
/// (<c>te nats publish-csv</c>, demos, the perf suite's load generator).
/// </summary>
public static class RawTickPublisher
{
    /// <param name="rate">messages per second; 0 sends as fast as the connection takes them.</param>
    /// <returns>the number of ticks sent.</returns>
    public static async Task<long> PublishAsync(INatsConnection connection, IEnumerable<Tick> ticks, SymbolRegistry symbols, string symbol,
        int rate = 0, long limit = 0, CancellationToken cancellationToken = default)
    {
        var json = new JsonMessageEncoder(symbols);
        var buffer = new ArrayBufferWriter<byte>(512);
        var subject = NatsSubjects.TicksRaw(symbol);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        foreach (var t in ticks)
        {
            var tick = t;
            tick.ReceiveTime = 0; // the engine's to set, on arrival
            buffer.ResetWrittenCount();
            json.Encode(in tick, buffer);
            await connection.PublishAsync(subject, buffer.WrittenMemory, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
            sent++;
            if (rate > 0)
            {
                // pace against the start, not the previous message: no drift over a long file
                var ahead = TimeSpan.FromSeconds((double)sent / rate) - clock.Elapsed;
                if (ahead > TimeSpan.FromMilliseconds(1))
                    await Task.Delay(ahead, cancellationToken).ConfigureAwait(false);
            }
            if (sent == limit)
                break;
        }
        await connection.PingAsync(cancellationToken).ConfigureAwait(false); // all of it is on the server
        return sent;
    }
}
