using System.Buffers;
using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// The external publisher as its own process (<c>te publish</c>), the seed's K3s model: reads the binary output
/// frames on the internal subjects (internal connection) and republishes them as versioned JSON on the public
/// subjects (external connection). The symbol comes from the subject (a frame's symbol id is the engine's own);
/// the JSON is the same as the in-process publisher writes, with the output id its producer gave it (the frame's
/// output index: never numbered here, since outputs of one symbol reach it from more than one producer — an executor's
/// node outputs, the aggregator's candles — and an executor republishes from the middle of an event after a restart).
/// A frame that does not decode is dead-lettered with its reason, like bad input.
/// </summary>
public sealed class ExternalPublisher : IAsyncDisposable
{
    private readonly INatsConnection _internal;
    private readonly INatsConnection _external;
    private readonly SymbolRegistry _symbols = new();
    private readonly JsonMessageEncoder _json;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly IngestionCounters _rejects = new();
    private readonly DeadLetterPublisher _deadLetters;
    private readonly CancellationTokenSource _stop = new();
    private INatsSub<NatsMemoryOwner<byte>>? _subscription;
    private Task? _loop;
    private long _published;
    private long _failed;

    public ExternalPublisher(INatsConnection internalConnection, INatsConnection externalConnection, string? source = null)
    {
        _internal = internalConnection;
        _external = externalConnection;
        _json = new JsonMessageEncoder(_symbols, source);
        _deadLetters = new DeadLetterPublisher(externalConnection, _rejects);
    }

    public long Published => Volatile.Read(ref _published);

    /// <summary>Public publishes that failed (external connection down); the frames are not retried.</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Frames that could not be decoded (per reason in <see cref="IngestionCounters.Rejected"/>).</summary>
    public IngestionCounters Rejects => _rejects;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // one subscription for every internal output stream keeps the per-stream order the engine published in
        var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 65_536, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } };
        _subscription = await _internal.SubscribeCoreAsync("*.internal.>", null, NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts, cancellationToken).ConfigureAwait(false);
        await _internal.PingAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_subscription, _stop.Token), CancellationToken.None);
    }

    private async Task RunAsync(INatsSub<NatsMemoryOwner<byte>> sub, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var msg in sub.Msgs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                using var data = msg.Data;
                if (!OutputRouting.TryMapInternalToPublic(msg.Subject, out var publicSubject, out var symbol))
                    continue; // another process's internal subject (indicators.internal of a foreign kind of stream)
                var r = BinaryMessageCodec.Decode(data.Span, out OutputMessage m, out var outputIndex, out _);
                if (!r.IsSuccess)
                {
                    await _deadLetters.PublishAsync(msg.Subject, data.Span.ToArray(), r.Reason, r.Message ?? r.Reason.ToString(), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                SetSymbol(ref m, _symbols.GetOrAdd(symbol));
                _buffer.ResetWrittenCount();
                try
                {
                    _json.Encode(in m, _buffer, outputIndex);
                }
                catch (ArgumentException ex)
                {
                    await _deadLetters.PublishAsync(msg.Subject, data.Span.ToArray(), RejectReason.InvalidValue, ex.Message, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                try
                {
                    await _external.PublishAsync(publicSubject, _buffer.WrittenMemory, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _published);
                }
                catch (Exception ex) when (ex is NatsException or TimeoutException)
                {
                    // the public server is away: count it and go on with the next frame, do not end the loop
                    Interlocked.Increment(ref _failed);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Every output payload starts with its symbol at the same offset (<see cref="OutputMessage.Symbol"/>).</summary>
    private static void SetSymbol(ref OutputMessage m, SymbolId symbol) => m.Symbol = symbol;

    public ValueTask DisposeAsync() => SubscriptionShutdown.StopAsync(_subscription, _loop, _stop);
}
