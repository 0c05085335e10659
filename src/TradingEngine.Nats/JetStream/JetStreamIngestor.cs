using System.Collections.Concurrent;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// No-loss ingestion of every input subject (ticks, quotes, external candles): a JetStream stream that captures the
/// owned symbols' subjects only, and one durable pull consumer (ack policy <em>all</em>) on it.
/// <para>Order: the ring receives the stream's messages in stream order, each exactly once. The journal's highest
/// stream sequence is the start (<see cref="JetStreamOptions.ResumeAfter"/>); a message at or below the last one
/// admitted is a re-delivery (skipped, counted); a message further ahead than the next one means the consumer
/// delivered past messages still pending (a restart after a crash: the durable hands out new messages before it
/// re-delivers the un-acked ones, or messages lost in flight to a reconnect), so the missing range is read back from the
/// stream first, in order, through a short-lived ordered consumer. Only messages the stream no longer holds become a
/// counted <see cref="GapReason.SequenceGap"/>.</para>
/// <para>Acks: a message is acked only once its ring's journaler has made its slot durable and every earlier message is
/// acked or durable in its own ring (one ring and one journal per executor); with ack policy all that ack covers every
/// earlier message, read back ones included.</para>
/// <para>Several rings: each journal holds its own highest stream sequence (<c>resumeAfter</c> per ring). Reading
/// resumes after the smallest of them (never below the durable's ack floor: everything acked is journaled), and a
/// message at or below its own ring's mark is a re-delivery of what that ring journaled.</para>
/// <para>Retention (<see cref="JetStreamOptions.MaxBytes"/>): interest, so an acked message leaves the stream; discard
/// new, so a full stream refuses publishes instead of dropping what the engine has not acked.</para>
/// </summary>
public sealed partial class JetStreamIngestor : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly RingRoutes<MarketEvent> _routes;
    private readonly Sequence[] _durable;
    private readonly long[] _ringHigh;
    private readonly JetStreamOptions _options;
    private readonly IngestionOptions _ingestion;
    private readonly IngestionStage _stage;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly HashSet<string> _owned;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _ownedLookup;
    private readonly ConcurrentQueue<PendingAck> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private JetStreamOwnership? _ownership;
    private Task? _consumeLoop;
    private Task? _ackLoop;
    private long _lastStreamSequence;
    private long _unreportedLoss;

    /// <param name="durable">the journaler's durable sequence: every input-ring slot up to it is on disk.</param>
    /// <param name="ingestion">the owned symbols (empty: all) and which kinds; the stream captures exactly these subjects.</param>
    public JetStreamIngestor(NatsConnection connection, RingBuffer<MarketEvent> ring, SymbolRegistry symbols, IInputDecoder json, Sequence durable,
        JetStreamOptions? options = null, IngestionOptions? ingestion = null, IngestionCounters? counters = null, IInputDecoder? binary = null)
        : this(connection, RingRoutes<MarketEvent>.Single(ring ?? throw new ArgumentNullException(nameof(ring))), symbols, json,
            [durable ?? throw new ArgumentNullException(nameof(durable))], null, options, ingestion, counters, binary)
    {
    }

    /// <param name="routes">the input rings (one per executor) and which symbol goes to which.</param>
    /// <param name="durable">per ring, its journaler's durable ring sequence: every slot up to it is on disk.</param>
    /// <param name="resumeAfter">per ring, the highest stream sequence its journal holds (null: <see cref="JetStreamOptions.ResumeAfter"/> for every ring).</param>
    public JetStreamIngestor(NatsConnection connection, RingRoutes<MarketEvent> routes, SymbolRegistry symbols, IInputDecoder json, IReadOnlyList<Sequence> durable,
        IReadOnlyList<long>? resumeAfter, JetStreamOptions? options = null, IngestionOptions? ingestion = null, IngestionCounters? counters = null, IInputDecoder? binary = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(durable);
        if (durable.Count != routes.Count || (resumeAfter is not null && resumeAfter.Count != routes.Count))
            throw new ArgumentException($"one durable sequence and one resume mark per ring: {routes.Count} rings, {durable.Count} durable sequences, {resumeAfter?.Count} resume marks", nameof(durable));
        _connection = connection;
        _js = new NatsJSContext(connection);
        _routes = routes;
        _durable = [.. durable];
        _options = options ?? new JetStreamOptions();
        _ringHigh = resumeAfter is null ? Enumerable.Repeat((long)_options.ResumeAfter, routes.Count).ToArray() : [.. resumeAfter];
        _ingestion = ingestion ?? new IngestionOptions();
        Counters = counters ?? new IngestionCounters();
        _stage = new IngestionStage(routes, symbols, Counters, json, binary ?? new BinaryInputDecoder(), _ingestion);
        _deadLetters = new DeadLetterPublisher(connection, Counters);
        _owned = new HashSet<string>(_ingestion.Symbols, StringComparer.Ordinal);
        _ownedLookup = _owned.GetAlternateLookup<ReadOnlySpan<char>>();
        // the smallest ring mark: every ring's messages after its own mark are read again, in stream order
        _lastStreamSequence = _ringHigh.Min();
    }

    public IngestionCounters Counters { get; }

    /// <summary>The subjects the stream captures: the owned symbols' input subjects (one source: <see cref="IngestionOptions.Subjects"/>).</summary>
    public IReadOnlyList<string> StreamSubjects => _ingestion.Subjects();

    /// <summary>The highest stream sequence admitted (or rejected, or skipped as not owned) so far.</summary>
    public long LastStreamSequence => Volatile.Read(ref _lastStreamSequence);

    /// <summary>
    /// Claims the stream (<see cref="JetStreamOwnership"/>: refuses when another engine consumes it), creates or updates
    /// the stream and the durable consumer, then starts consuming and acking.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _ownership = await JetStreamOwnership.AcquireAsync(_connection, _options.StreamName, _options.ConsumerName, _options.OwnerProbe, cancellationToken)
            .ConfigureAwait(false);
        await CreateOrUpdateStreamAsync(cancellationToken).ConfigureAwait(false);
        var consumer = await EnsureConsumerAsync(cancellationToken).ConfigureAwait(false);
        // everything the durable acked is journaled (in its ring's journal): reading starts no lower than that, so
        // the stream's acked (removed) messages below the smallest ring mark are not mistaken for lost ones
        var ackFloor = (long)(consumer.Info.AckFloor?.StreamSeq ?? 0);
        if (ackFloor > _lastStreamSequence)
            _lastStreamSequence = ackFloor;
        if (_options.PinName is { } pin)
            await JetStreamPin.EnsureAsync(_js, _options.StreamName, pin, _lastStreamSequence, cancellationToken).ConfigureAwait(false);
        _consumeLoop = Task.Run(() => ConsumeAsync(consumer, _stop.Token), CancellationToken.None);
        _ackLoop = Task.Run(() => AckAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>The stream's configuration: the owned subjects, interest retention, discard new at <see cref="JetStreamOptions.MaxBytes"/>.</summary>
    public StreamConfig StreamConfig() => new(_options.StreamName, [.. StreamSubjects])
    {
        Storage = _options.FileStorage ? StreamConfigStorage.File : StreamConfigStorage.Memory,
        // a message stays until the engine's durable has acked it (journaled), then leaves: the stream holds the
        // engine's backlog, not the history (the journal is the history)
        Retention = StreamConfigRetention.Interest,
        // full: refuse new messages (publishers see an error) rather than drop old ones the engine has not journaled
        Discard = StreamConfigDiscard.New,
        MaxBytes = _options.MaxBytes,
        NumReplicas = _options.Replicas,
        // publishers that retry after a lost ack send a Nats-Msg-Id: the server drops the second copy
        DuplicateWindow = TimeSpan.FromMinutes(2),
    };

    /// <summary>
    /// Creates or updates the stream (subjects and size follow the engine's config) and creates the durable consumer when
    /// missing; idempotent. Both together: under interest retention the stream keeps a message only while a consumer
    /// is interested, so a stream without its durable would take messages (and ack them to the publisher) and drop them.
    /// </summary>
    public async Task EnsureStreamAsync(CancellationToken cancellationToken = default)
    {
        await CreateOrUpdateStreamAsync(cancellationToken).ConfigureAwait(false);
        await EnsureConsumerAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateOrUpdateStreamAsync(CancellationToken cancellationToken)
    {
        var config = StreamConfig();
        try
        {
            await _js.CreateOrUpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex)
        {
            throw new InvalidOperationException(
                $"JetStream stream '{config.Name}' on subjects {string.Join(", ", config.Subjects!)} (interest retention, discard new, max bytes {config.MaxBytes}) " +
                $"could not be created or updated: {ex.Error.Description} (error {ex.Error.ErrCode}). A stream created by an older te (limits retention) " +
                "or another stream on the same subjects must be removed first (nats stream rm NAME), or use --stream NAME", ex);
        }
    }

    private async Task<INatsJSConsumer> EnsureConsumerAsync(CancellationToken cancellationToken)
    {
        try
        {
            // an existing durable keeps its ack floor; where delivery resumes does not matter: the ingestor reads the
            // stream in order from ResumeAfter whatever the durable hands out first
            return await _js.GetConsumerAsync(_options.StreamName, _options.ConsumerName, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            var config = new ConsumerConfig(_options.ConsumerName)
            {
                AckPolicy = ConsumerConfigAckPolicy.All,
                AckWait = _options.AckWait,
                MaxAckPending = _options.MaxAckPending,
                DeliverPolicy = _options.ResumeAfter > 0 ? ConsumerConfigDeliverPolicy.ByStartSequence : ConsumerConfigDeliverPolicy.All,
                OptStartSeq = _options.ResumeAfter > 0 ? _options.ResumeAfter + 1 : 0,
            };
            return await _js.CreateOrUpdateConsumerAsync(_options.StreamName, config, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConsumeAsync(INatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        var opts = new NatsJSConsumeOpts { MaxMsgs = _options.PullBatch, IdleHeartbeat = TimeSpan.FromSeconds(1), Expires = TimeSpan.FromSeconds(5) };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var msg in consumer.ConsumeAsync(NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts, cancellationToken).ConfigureAwait(false))
                    await HandleAsync(msg, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NatsException or NatsJSException or TimeoutException)
            {
                // the server went away mid-pull (restart): wait, find the durable again and go on; whatever was in
                // flight is re-delivered (skipped) or read back in order when the next delivery jumps past it
                Counters.OnReconnect();
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                consumer = await RetryAsync(EnsureConsumerAsync, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(INatsJSMsg<NatsMemoryOwner<byte>> msg, CancellationToken cancellationToken)
    {
        using var data = msg.Data;
        var streamSequence = (long)(msg.Metadata?.Sequence.Stream ?? 0);
        if (streamSequence != 0 && streamSequence <= _lastStreamSequence)
        {
            Counters.OnDuplicate();
            _pending.Enqueue(new PendingAck(-1, -1, msg));
            return;
        }
        if (streamSequence > _lastStreamSequence + 1)
            await ReadBackAsync(streamSequence - 1, cancellationToken).ConfigureAwait(false);
        var (ring, ringSequence) = await AdmitAsync(msg.Subject, data.Memory, streamSequence, StoredAt(msg), cancellationToken).ConfigureAwait(false);
        // acked once its slot (or, rejected or skipped, every slot of the messages before it) is durable
        _pending.Enqueue(new PendingAck(ring, ringSequence, msg));
    }

    /// <summary>
    /// Reads stream sequences after the last admitted one up to <paramref name="upTo"/> (the durable delivered past
    /// them) from the stream itself, in order, and admits them. What the stream no longer holds is a counted gap.
    /// </summary>
    private async Task ReadBackAsync(long upTo, CancellationToken cancellationToken)
    {
        var from = _lastStreamSequence + 1;
        var ordered = await _js.CreateOrderedConsumerAsync(_options.StreamName, new NatsJSOrderedConsumerOpts
        {
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = (ulong)from,
        }, cancellationToken).ConfigureAwait(false);
        var opts = new NatsJSFetchOpts { MaxMsgs = (int)Math.Min(upTo - from + 1, _options.PullBatch), Expires = TimeSpan.FromSeconds(2) };
        while (_lastStreamSequence < upTo)
        {
            var before = _lastStreamSequence;
            await foreach (var m in ordered.FetchAsync(opts, NatsRawSerializer<NatsMemoryOwner<byte>>.Default, cancellationToken).ConfigureAwait(false))
            {
                using var data = m.Data;
                var sequence = (long)(m.Metadata?.Sequence.Stream ?? 0);
                if (sequence <= _lastStreamSequence)
                    continue;
                if (sequence > upTo)
                    break;
                var (ring, ringSequence) = await AdmitAsync(m.Subject, data.Memory, sequence, StoredAt(m), cancellationToken).ConfigureAwait(false);
                if (ring >= 0)
                    _pending.Enqueue(new PendingAck(ring, ringSequence, null)); // the next ack (policy all) covers it: wait for its slot too
                Counters.OnReadBack();
                if (sequence == upTo)
                    break;
            }
            if (_lastStreamSequence == before)
                break; // the stream holds nothing more in the range
        }
        if (_lastStreamSequence < upTo)
        {
            // removed from the stream (deleted, purged, or dropped for want of interest before the durable existed)
            _unreportedLoss += upTo - _lastStreamSequence;
            Volatile.Write(ref _lastStreamSequence, upTo);
        }
    }

    /// <summary>
    /// Admits one stream message: not owned → counted and skipped; at or below its ring's journal mark → a re-delivery
    /// of what that ring journaled (counted, skipped); else the ingestion stage (ring or dead letter). Returns the ring
    /// and slot the ack waits for (−1, −1: nothing of its own).
    /// </summary>
    private async ValueTask<(int Ring, long Sequence)> AdmitAsync(string subject, ReadOnlyMemory<byte> payload, long streamSequence, long receiveTime,
        CancellationToken cancellationToken)
    {
        var lost = _unreportedLoss + (streamSequence > _lastStreamSequence + 1 ? streamSequence - _lastStreamSequence - 1 : 0);
        Volatile.Write(ref _lastStreamSequence, streamSequence);
        if (!IsOwned(subject))
        {
            // the stream captures owned subjects only; anything else is left from an earlier configuration
            Counters.OnNotOwned(subject);
            _unreportedLoss = lost;
            return (-1, -1);
        }
        if (_ringHigh.Length > 1 && _stage.RingOf(subject) is var own and >= 0 && streamSequence <= _ringHigh[own])
        {
            // another ring's journal reached further: this one journaled the message before the restart
            Counters.OnDuplicate();
            _unreportedLoss = lost;
            return (-1, -1);
        }
        var ringSequence = _stage.Admit(subject, payload.Span, streamSequence, out var ring, out var reason, out var detail, receiveTime);
        if (ringSequence < 0)
        {
            _unreportedLoss = lost;
            await _deadLetters.PublishAsync(subject, payload.ToArray(), reason, detail ?? reason.ToString(), cancellationToken).ConfigureAwait(false);
            return (-1, -1);
        }
        _ringHigh[ring] = streamSequence;
        if (lost > 0)
        {
            // the stream lost messages: the DAG sees it, attributed to the symbol that revealed it
            var e = _routes[ring][ringSequence];
            ringSequence = IngestionStage.PublishGap(_routes[ring], Counters, e.Symbol, e.EventTime, lost, GapReason.SequenceGap);
            _unreportedLoss = 0;
        }
        return (ring, ringSequence);
    }

    /// <summary>
    /// The message's receive time: when the stream stored it (UTC ns), the same on every delivery. The local clock at
    /// delivery would give a message re-delivered after a crash a new time, so the outputs a recovery computes again from
    /// it (a candle's <c>metadata.receive_time</c>) would differ from those the crashed run published under the same id.
    /// 0 (the stage takes its clock) when the server sent no metadata.
    /// </summary>
    private static long StoredAt(INatsJSMsg<NatsMemoryOwner<byte>> msg) =>
        msg.Metadata is { } metadata ? UtcNanos.FromDateTimeOffset(metadata.Timestamp) : 0;

    private bool IsOwned(string subject)
    {
        if (_owned.Count == 0)
            return true;
        return NatsSubjects.TryParseInput(subject, out _, out var symbol, out _) && _ownedLookup.Contains(symbol);
    }

    private static async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or NatsJSException or TimeoutException)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    /// <summary>Stops consuming and acking, then stops answering as the stream's owner.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _consumeLoop, _ackLoop })
        {
            if (loop is not null)
                await loop.ConfigureAwait(false);
        }
        if (_ownership is not null)
            await _ownership.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>A message to ack once <paramref name="RingSequence"/> of ring <paramref name="Ring"/> is durable (−1: nothing of its own to wait for).</summary>
    private readonly record struct PendingAck(int Ring, long RingSequence, INatsJSMsg<NatsMemoryOwner<byte>>? Message);
}
