using System.Buffers;
using System.Text;
using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Prints what flows on a subject (<c>te nats tail</c>, the seed's nats_monitor): subject, headers (a dead letter's
/// reason), and the payload — JSON as is, binary frames decoded to the catalog's JSON with the symbol taken from
/// the subject (a frame's symbol id is its sender's).
/// </summary>
public sealed class SubjectMonitor
{
    private readonly SymbolRegistry _symbols = new();
    private readonly JsonMessageEncoder _json;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public SubjectMonitor() => _json = new JsonMessageEncoder(_symbols);

    /// <summary>Follows <paramref name="subject"/> (wildcards allowed) and writes one line per message; stops after <paramref name="count"/> (0: never).</summary>
    public async Task<long> TailAsync(INatsConnection connection, string subject, long count, Func<string, Task> write, CancellationToken cancellationToken)
    {
        long seen = 0;
        try
        {
            await foreach (var msg in connection.SubscribeAsync(subject, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await write(Format(msg.Subject, msg.Headers, msg.Data ?? [])).ConfigureAwait(false);
                if (++seen == count)
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        return seen;
    }

    public string Format(string subject, NatsHeaders? headers, byte[] payload)
    {
        var line = new StringBuilder().Append(subject);
        if (headers is { Count: > 0 })
        {
            foreach (var (key, value) in headers)
                line.Append(" [").Append(key).Append(": ").Append(value.ToString()).Append(']');
        }
        return line.Append(' ').Append(Describe(subject, payload)).ToString();
    }

    /// <summary>The payload as text: JSON as is, a binary frame decoded to the catalog's JSON.</summary>
    public string Describe(string subject, ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0 || payload[0] != BinaryMessageCodec.Magic)
            return Encoding.UTF8.GetString(payload);
        var tokens = subject.Split('.');
        var symbol = _symbols.GetOrAdd(tokens.Length > 2 && tokens[2].Length > 0 ? tokens[2] : "?");
        _buffer.ResetWrittenCount();
        if (BinaryMessageCodec.Decode(payload, out OutputMessage m, out _).IsSuccess)
        {
            m.Symbol = symbol;
            return Encode(() => _json.Encode(in m, _buffer));
        }
        var input = BinaryMessageCodec.Decode(payload, out MarketEvent e, out _);
        if (!input.IsSuccess)
            return $"(binary, undecodable: {input}) {Convert.ToHexString(payload)}";
        e.Symbol = symbol;
        switch (e.Kind)
        {
            case MarketEventKind.Tick: e.Tick.Symbol = symbol; break;
            case MarketEventKind.Quote: e.Quote.Symbol = symbol; break;
            case MarketEventKind.Candle: e.Candle.Symbol = symbol; break;
            case MarketEventKind.Gap: e.Gap.Symbol = symbol; break;
            case MarketEventKind.Timer: e.Timer.Symbol = symbol; break;
        }
        return Encode(() => _json.Encode(in e, _buffer));
    }

    private string Encode(Func<int> encode)
    {
        try
        {
            encode();
            return "(binary) " + Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }
        catch (ArgumentException ex)
        {
            return $"(binary, no JSON form: {ex.Message})";
        }
    }
}
