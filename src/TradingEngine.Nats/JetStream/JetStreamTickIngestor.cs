using System.Collections.Concurrent;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// No-loss tick ingestion: a JetStream stream on <c>ticks.raw.&gt;</c> and a durable pull consumer (ack policy
/// <em>all</em>). Each tick enters the input ring with its stream sequence as <see cref="MarketEvent.SourceSequence"/>,
/// and is acked only once the journaler's durable sequence covers its ring slot, so a crash or a server restart
/// loses nothing: what was not acked is delivered again. Re-deliveries are recognised by stream sequence (never
/// above the highest one admitted) and skipped, so they produce no duplicate outputs.
/// </summary>
public sealed class JetStreamTickIngestor : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly RingBuffer<MarketEvent> _ring;
    private readonly Sequence _durable;
    private readonly JetStreamOptions _options;
    private readonly IngestionStage _stage;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly ConcurrentQueue<PendingAck> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _consumeLoop;
    private Task? _ackLoop;
    private long _lastStreamSequence;
    private long _lastRingSequence = -1;

    /// <param name="durable">the journaler's durable sequence: every input-ring slot up to it is on disk.</param>
    public JetStreamTickIngestor(NatsConnection connection, RingBuffer<MarketEvent> ring, SymbolRegistry symbols, IInputDecoder json, Sequence durable,
        JetStreamOptions? options = null, IngestionOptions? ingestion = null, IngestionCounters? counters = null, IInputDecoder? binary = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(durable);
        _connection = connection;
        _js = new NatsJSContext(connection);
        _ring = ring;
        _durable = durable;
        _options = options ?? new JetStreamOptions();
        Counters = counters ?? new IngestionCounters();
        _stage = new IngestionStage(ring, symbols, Counters, json, binary ?? new BinaryInputDecoder(), ingestion ?? new IngestionOptions());
        _deadLetters = new DeadLetterPublisher(connection, Counters);
        _lastStreamSequence = (long)_options.ResumeAfter;
    }

    public IngestionCounters Counters { get; }

    /// <summary>The highest stream sequence admitted (or rejected) so far.</summary>
    public long LastStreamSequence => Volatile.Read(ref _lastStreamSequence);

    /// <summary>Creates the stream and the durable consumer when missing, then starts consuming and acking.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await EnsureStreamAsync(cancellationToken).ConfigureAwait(false);
        var consumer = await EnsureConsumerAsync(cancellationToken).ConfigureAwait(false);
        _consumeLoop = Task.Run(() => ConsumeAsync(consumer, _stop.Token), CancellationToken.None);
        _ackLoop = Task.Run(() => AckAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Creates (or widens) the stream; idempotent.</summary>
    public async Task EnsureStreamAsync(CancellationToken cancellationToken = default)
    {
        var config = new StreamConfig(_options.StreamName, [.. _options.StreamSubjects])
        {
            Storage = _options.FileStorage ? StreamConfigStorage.File : StreamConfigStorage.Memory,
            // publishers that retry after a lost ack send a Nats-Msg-Id: the server drops the second copy
            DuplicateWindow = TimeSpan.FromMinutes(2),
        };
        await _js.CreateOrUpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private async Task<INatsJSConsumer> EnsureConsumerAsync(CancellationToken cancellationToken)
    {
        try
        {
            // an existing durable keeps its ack floor: that, not the config, says where delivery resumes
            return await _js.GetConsumerAsync(_options.StreamName, _options.ConsumerName, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            var config = new ConsumerConfig(_options.ConsumerName)
            {
                AckPolicy = ConsumerConfigAckPolicy.All,
                AckWait = _options.AckWait,
                MaxAckPending = _options.MaxAckPending,
                FilterSubject = _options.FilterSubject,
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
                // the server went away mid-pull (restart): wait, find the durable again and go on; what was in
                // flight and not acked is re-delivered and skipped by stream sequence
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
            _pending.Enqueue(new PendingAck(Volatile.Read(ref _lastRingSequence), msg));
            return;
        }
        var lost = _lastStreamSequence > 0 && streamSequence > _lastStreamSequence + 1 ? streamSequence - _lastStreamSequence - 1 : 0;
        var ringSequence = _stage.Admit(msg.Subject, data.Span, streamSequence, out var reason, out var detail);
        if (lost > 0 && ringSequence >= 0)
        {
            // the stream lost messages (limits, deletes): the DAG sees it, attributed to the symbol that revealed it
            var e = _ring[ringSequence];
            ringSequence = IngestionStage.PublishGap(_ring, Counters, e.Symbol, e.EventTime, lost, GapReason.SequenceGap);
        }
        Volatile.Write(ref _lastStreamSequence, streamSequence);
        if (ringSequence >= 0)
            Volatile.Write(ref _lastRingSequence, ringSequence);
        else
            await _deadLetters.PublishAsync(msg.Subject, data.Span.ToArray(), reason, detail ?? reason.ToString(), cancellationToken).ConfigureAwait(false);
        // a rejected message is final: acked as soon as everything before it is durable
        _pending.Enqueue(new PendingAck(Volatile.Read(ref _lastRingSequence), msg));
    }

    private async Task AckAsync(CancellationToken cancellationToken)
    {
        INatsJSMsg<NatsMemoryOwner<byte>>? unsent = null;
        using var timer = new PeriodicTimer(_options.AckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var durable = _durable.Value;
                INatsJSMsg<NatsMemoryOwner<byte>>? newest = null;
                while (_pending.TryPeek(out var p) && p.RingSequence <= durable)
                {
                    _pending.TryDequeue(out _);
                    newest = p.Message;
                }
                newest ??= unsent;
                if (newest is null)
                    continue;
                try
                {
                    // ack policy all: one ack covers every earlier message of the consumer
                    await newest.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    Counters.OnAck();
                    unsent = null;
                }
                catch (Exception ex) when (ex is NatsException or TimeoutException)
                {
                    unsent = newest; // disconnected: retry, unless a newer ack covers it first
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits until every admitted message has been acked (or the timeout passes); for shutdown and tests.</summary>
    public async Task<bool> WaitForAcksAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_pending.IsEmpty)
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(_options.AckInterval, cancellationToken).ConfigureAwait(false);
        }
        return true;
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _consumeLoop, _ackLoop })
        {
            if (loop is not null)
                await loop.ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private readonly record struct PendingAck(long RingSequence, INatsJSMsg<NatsMemoryOwner<byte>> Message);
}
