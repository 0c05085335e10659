using NATS.Client.Core;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Core-NATS ingestion: subscribes to <c>ticks.raw.{symbol}</c>, <c>quotes.raw.{symbol}</c> and
/// <c>candles.external.{symbol}.{tf}</c> (a list of symbols or every symbol), and turns each message into an
/// input-ring event (<see cref="IngestionStage"/>) or a dead letter. One loop per subscription.
/// <para>Nothing is lost silently: pending channels wait when full (back-pressure to the server); a drop that
/// still happens (NATS.Net's <c>MessageDropped</c>) becomes a counted <see cref="GapReason.SlowConsumer"/> gap
/// event, and a reconnect becomes a <see cref="GapReason.Reconnect"/> gap event for every symbol seen, so the DAG
/// sees both. NATS.Net resubscribes by itself after a reconnect.</para>
/// </summary>
public sealed partial class MarketDataIngestor : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly RingRoutes<MarketEvent> _routes;
    private readonly SymbolRegistry _symbols;
    private readonly IngestionOptions _options;
    private readonly IInputDecoder _json;
    private readonly IInputDecoder _binary;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly List<INatsSub<NatsMemoryOwner<byte>>> _subscriptions = [];
    private readonly List<IngestionStage> _stages = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private int _disconnected;

    /// <param name="connection">the external connection (input subjects, dead letters).</param>
    /// <param name="ring">the input ring; multi-producer, as each subscription loop and the connection's event thread publish.</param>
    /// <param name="symbols">resolves subject symbols; the same registry the JSON decoder interns into.</param>
    /// <param name="json">the JSON decoder of the external contract.</param>
    public MarketDataIngestor(NatsConnection connection, RingBuffer<MarketEvent> ring, SymbolRegistry symbols, IInputDecoder json,
        IngestionOptions? options = null, IngestionCounters? counters = null, IInputDecoder? binary = null)
        : this(connection, RingRoutes<MarketEvent>.Single(ring ?? throw new ArgumentNullException(nameof(ring))), symbols, json, options, counters, binary)
    {
    }

    /// <param name="routes">the input rings (one per executor) and which symbol goes to which; each ring multi-producer.</param>
    public MarketDataIngestor(NatsConnection connection, RingRoutes<MarketEvent> routes, SymbolRegistry symbols, IInputDecoder json,
        IngestionOptions? options = null, IngestionCounters? counters = null, IInputDecoder? binary = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(routes);
        if (routes.Rings.Any(r => r.ProducerType != ProducerType.Multi))
            throw new ArgumentException("the ingestor publishes from one loop per subscription and from the connection's event thread: every input ring must be multi-producer", nameof(routes));
        _connection = connection;
        _routes = routes;
        _symbols = symbols;
        _json = json;
        _binary = binary ?? new BinaryInputDecoder();
        _options = options ?? new IngestionOptions();
        Counters = counters ?? new IngestionCounters();
        _deadLetters = new DeadLetterPublisher(connection, Counters);
    }

    public IngestionCounters Counters { get; }

    /// <summary>The subjects subscribed to.</summary>
    public IReadOnlyList<string> Subjects => _options.Subjects();

    /// <summary>Subscribes and starts the loops; returns once the server has every subscription (a ping round trip).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _connection.MessageDropped += OnMessageDroppedAsync;
        _connection.ConnectionDisconnected += OnDisconnectedAsync;
        _connection.ConnectionOpened += OnOpenedAsync;
        var subOpts = new NatsSubOpts
        {
            ChannelOpts = new NatsSubChannelOpts { Capacity = _options.PendingCapacity, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait },
        };
        foreach (var subject in _options.Subjects())
        {
            var sub = await _connection.SubscribeCoreAsync(subject, string.IsNullOrEmpty(_options.QueueGroup) ? null : _options.QueueGroup,
                NatsRawSerializer<NatsMemoryOwner<byte>>.Default, subOpts, cancellationToken).ConfigureAwait(false);
            var stage = new IngestionStage(_routes, _symbols, Counters, _json, _binary, _options);
            _subscriptions.Add(sub);
            lock (_stages)
                _stages.Add(stage);
            _loops.Add(Task.Run(() => RunAsync(sub, stage, _stop.Token), CancellationToken.None));
        }
        await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(INatsSub<NatsMemoryOwner<byte>> sub, IngestionStage stage, CancellationToken cancellationToken)
    {
        var reader = sub.Msgs;
        var rejected = new List<(string Subject, byte[] Payload, RejectReason Reason, string Detail)>();
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // everything NATS.Net has buffered goes to the ring as one range
                var n = 0;
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                while (n < IngestionStage.StageCapacity && reader.TryRead(out var msg))
                {
                    n++;
                    using var data = msg.Data;
                    if (!stage.Stage(msg.Subject, data.Span, 0, out var reason, out var detail))
                        rejected.Add((msg.Subject, data.Span.ToArray(), reason, detail ?? reason.ToString()));
                }
                stage.Flush();
                // a rejection's copy and detail are cold and counted elsewhere: only clean batches measure the decode
                if (rejected.Count == 0)
                    Counters.OnDecodeAllocated(GC.GetAllocatedBytesForCurrentThread() - allocated);
                foreach (var (subject, payload, reason, detail) in rejected)
                    await _deadLetters.PublishAsync(subject, payload, reason, detail, cancellationToken).ConfigureAwait(false);
                rejected.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Unsubscribes, stops the loops after the messages already received, and detaches from the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.MessageDropped -= OnMessageDroppedAsync;
        _connection.ConnectionDisconnected -= OnDisconnectedAsync;
        _connection.ConnectionOpened -= OnOpenedAsync;
        foreach (var sub in _subscriptions)
        {
            try
            {
                await sub.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
            {
                // the connection is already gone: the subscription died with it
            }
        }
        // the channels complete on unsubscribe, so the loops end after what they hold; cancel only if they hang
        var all = Task.WhenAll(_loops);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != all)
            await _stop.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
        foreach (var sub in _subscriptions)
            await sub.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
