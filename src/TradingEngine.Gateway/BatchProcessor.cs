using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Gateway;

/// <summary>
/// One batch from parse to reply (docs/gateway.md, "What a POST does"), without HTTP: envelope, the feeder's identity and
/// rate, each row through the catalog's <see cref="JsonMessageDecoder"/> (the same typed <see cref="RejectReason"/>s as NATS
/// ingestion), the token's symbols, then under the (feeder, session) lock: the durable high-water mark (a batch at or
/// below it is a 200 duplicate), JetStream publish with every ack awaited, the mark moved, the rejected rows
/// dead-lettered. A 200 is only ever sent once every accepted row is in the stream.
/// </summary>
public sealed class BatchProcessor
{
    private readonly GatewayOptions _options;
    private readonly GatewayJetStream _nats;
    private readonly JsonMessageDecoder _decoder;
    private readonly FeederRateLimiter _rate;
    private readonly ConcurrentDictionary<string, FeederSession> _sessions = new(StringComparer.Ordinal);
    private readonly Action<string> _log;

    public BatchProcessor(GatewayOptions options, GatewayJetStream nats, JsonMessageDecoder decoder, GatewayCounters counters, Action<string> log)
    {
        _options = options;
        _nats = nats;
        _decoder = decoder;
        Counters = counters;
        _log = log;
        _rate = new FeederRateLimiter(options.RateLimitPerSecond, options.RateLimitBurst, options.MaxRows);
    }

    public GatewayCounters Counters { get; }

    public async Task<GatewayReply> ProcessAsync(FeederCredential feeder, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var batch = BatchEnvelope.Parse(body, _options.MaxRows, out var status, out var error);
        if (batch is null)
            return GatewayReply.Error(status, GatewayReply.ErrorCode(status), error!);
        if (batch.Feeder != feeder.Id)
            return GatewayReply.Error(403, "forbidden", $"the token belongs to feeder '{feeder.Id}', the batch says feeder '{batch.Feeder}'");
        if (!_rate.TryTake(feeder.Id, batch.Rows.Count, out var wait))
            return GatewayReply.Error(429, "rate_limited", $"feeder '{feeder.Id}' is over {_options.RateLimitPerSecond:0.#} rows/s", wait);

        var rows = new RowResult[batch.Rows.Count];
        var messages = new List<GatewayMessage>(rows.Length);
        List<string>? forbidden = null;
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Check(batch, i, out var message);
            if (rows[i].Reason == RejectReason.None)
            {
                messages.Add(message);
                if (!feeder.Allows(rows[i].Symbol!))
                    (forbidden ??= []).Add(rows[i].Symbol!);
            }
        }
        if (forbidden is not null)
        {
            return GatewayReply.Error(403, "forbidden",
                $"feeder '{feeder.Id}' may not send {string.Join(", ", forbidden.Distinct().Order(StringComparer.Ordinal))} (allowed: {string.Join(", ", feeder.Symbols.Order(StringComparer.Ordinal))})");
        }

        var stored = await StoreAsync(batch, messages, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
            return stored;
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Reason != RejectReason.None)
            {
                Counters.OnRejected(rows[i].Reason);
                var subject = rows[i].Subject ?? $"gateway.{batch.Feeder}";
                // stored batch: its dead letters go too, client or not (a re-send is a duplicate and would not send them)
                await _nats.DeadLetterAsync(subject, batch.Row(i).ToArray(), rows[i].Reason, rows[i].Detail!, CancellationToken.None).ConfigureAwait(false);
            }
        }
        return Accepted(batch, rows, messages.Count);
    }

    /// <summary>
    /// Publishes the batch in its session's order (docs/gateway.md, "Several batches in flight"): under the session's lock,
    /// a sequence at or below the mark is a duplicate, the next one is published, acked and becomes the mark; a later one
    /// (it overtook its predecessors on another connection) waits for the mark to reach it, the wait starting again at each
    /// batch stored and never ending while the batch it waits for is being processed; it answers 503 when a predecessor
    /// failed (the feeder re-sends from there), 409 when nothing moved within <see cref="GatewayOptions.SequenceWait"/>.
    /// Null when stored; else the reply.
    /// </summary>
    private async Task<GatewayReply?> StoreAsync(BatchEnvelope batch, List<GatewayMessage> messages, CancellationToken cancellationToken)
    {
        var session = _sessions.GetOrAdd(batch.MarkKey, _ => new FeederSession());
        session.Enter(batch.Sequence);
        try
        {
            return await StoreInOrderAsync(session, batch, messages, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.Leave(batch.Sequence);
        }
    }

    private async Task<GatewayReply?> StoreInOrderAsync(FeederSession session, BatchEnvelope batch, List<GatewayMessage> messages, CancellationToken cancellationToken)
    {
        long failuresSeen = -1, markSeen = -1;
        var deadline = 0L;
        while (true)
        {
            Task changed;
            await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (session.Mark < 0)
                {
                    try
                    {
                        session.Mark = await _nats.ReadMarkAsync(batch.MarkKey, cancellationToken).ConfigureAwait(false);
                    }
                    catch (GatewayUnavailableException ex)
                    {
                        session.Fail();
                        return Unavailable(ex.Message);
                    }
                }
                var mark = session.Mark;
                if (batch.Sequence <= mark)
                {
                    Counters.OnDuplicateBatch();
                    return Duplicate(batch, mark);
                }
                if (batch.Sequence == mark + 1)
                {
                    // not the request's token: a batch fully received is stored whole even when its client hangs up meanwhile
                    // (stopping halfway would leave a part in the stream, later batches after it, and the re-sent rest after
                    // those); the publish has its own timeout
                    return await PublishNextAsync(session, batch, messages, CancellationToken.None).ConfigureAwait(false);
                }
                if (failuresSeen >= 0 && session.Failures != failuresSeen)
                {
                    return GatewayReply.Error(503, "unavailable",
                        $"batch {mark + 1} of feeder '{batch.Feeder}' session '{batch.Session}' was not stored: send it again, then batch {batch.Sequence}",
                        _options.RetryAfterSeconds);
                }
                failuresSeen = session.Failures;
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                if (mark != markSeen || session.InProgress(mark + 1))
                {
                    // the mark moved, or the batch it waits for is being processed: the wait starts again
                    (markSeen, deadline) = (mark, now + (long)(_options.SequenceWait.TotalSeconds * System.Diagnostics.Stopwatch.Frequency));
                }
                else if (now >= deadline)
                {
                    return GatewayReply.Error(409, "sequence_gap",
                        $"batch {batch.Sequence} of feeder '{batch.Feeder}' session '{batch.Session}' follows {mark}: send batch {mark + 1} first (a session's batches are stored one at a time, in order)");
                }
                changed = session.Changed;
            }
            finally
            {
                session.Gate.Release();
            }
            var left = TimeSpan.FromSeconds((double)(deadline - System.Diagnostics.Stopwatch.GetTimestamp()) / System.Diagnostics.Stopwatch.Frequency);
            if (left > TimeSpan.Zero)
                await Task.WhenAny(changed, Task.Delay(left, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Under the session's lock: publishes the session's next batch, waits for every ack, moves the mark.</summary>
    private async Task<GatewayReply?> PublishNextAsync(FeederSession session, BatchEnvelope batch, List<GatewayMessage> messages, CancellationToken cancellationToken)
    {
        var published = await _nats.PublishAsync(messages, cancellationToken).ConfigureAwait(false);
        if (!published.Success)
        {
            session.Fail();
            return Unavailable(published.Failure!);
        }
        try
        {
            await _nats.WriteMarkAsync(batch.MarkKey, batch.Sequence, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayUnavailableException ex)
        {
            // the rows are in the stream; the re-sent batch finds them by message id (within the stream's duplicate window)
            session.Fail();
            return Unavailable(ex.Message);
        }
        session.Advance(batch.Sequence);
        Counters.OnBatch(published.Stored + published.Duplicates, published.Duplicates);
        return null;
    }

    private GatewayReply Unavailable(string detail)
    {
        _log($"503: {detail}");
        return GatewayReply.Error(503, "unavailable", detail, _options.RetryAfterSeconds);
    }

    /// <summary>Decodes row <paramref name="index"/>; accepted, it becomes the message for its input subject.</summary>
    private RowResult Check(BatchEnvelope batch, int index, out GatewayMessage message)
    {
        message = default;
        var row = batch.Row(index);
        if (row.Length > _options.MaxRowBytes)
            return RowResult.Reject(RejectReason.OversizedPayload, $"message of {row.Length} bytes exceeds the limit of {_options.MaxRowBytes}");
        var decoded = _decoder.Decode(row.Span, out MarketEvent e);
        if (!decoded.IsSuccess)
            return RowResult.Reject(decoded.Reason, decoded.Message ?? decoded.Reason.ToString());
        var symbol = _decoder.Symbols.NameOf(e.Symbol);
        if (symbol.AsSpan().ContainsAny('.', '*', '>') || symbol.AsSpan().ContainsAny(' ', '\t'))
            return RowResult.Reject(RejectReason.InvalidValue, $"symbol \"{symbol}\" cannot be a NATS subject token (no dots, spaces, * or >)");
        var subject = e.Kind switch
        {
            MarketEventKind.Tick => NatsSubjects.TicksRaw(symbol),
            MarketEventKind.Quote => NatsSubjects.QuotesRaw(symbol),
            MarketEventKind.Candle => NatsSubjects.CandlesExternal(symbol, e.Candle.Timeframe),
            _ => null,
        };
        if (subject is null)
            return RowResult.Reject(RejectReason.UnexpectedMessageType, $"a {e.Kind} is not market data a feeder sends (tick, quote or candle)");
        message = new GatewayMessage(subject, row, $"{batch.Feeder}/{batch.Session}/{batch.Sequence}/{index}");
        return new RowResult(RejectReason.None, null, symbol, subject);
    }

    private static GatewayReply Duplicate(BatchEnvelope batch, long mark)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", "duplicate");
            WriteBatchId(w, batch);
            w.WriteNumber("high_water", mark);
            w.WriteEndObject();
        }
        return new GatewayReply(200, buffer.WrittenMemory);
    }

    private static GatewayReply Accepted(BatchEnvelope batch, RowResult[] rows, int accepted)
    {
        // every row accepted: the counts say it all (a batch of 5,000 would otherwise answer ~110 KB of "accepted")
        var all = accepted == rows.Length;
        var buffer = new ArrayBufferWriter<byte>(all ? 160 : 64 + rows.Length * 24);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", "stored");
            WriteBatchId(w, batch);
            w.WriteNumber("accepted", accepted);
            w.WriteNumber("rejected", rows.Length - accepted);
            if (all)
            {
                w.WriteEndObject();
                w.Flush();
                return new GatewayReply(200, buffer.WrittenMemory);
            }
            w.WriteStartArray("results");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                if (r.Reason == RejectReason.None)
                    w.WriteString("status", "accepted");
                else
                {
                    w.WriteString("status", "rejected");
                    w.WriteString("reason", r.Reason.ToString());
                    w.WriteString("detail", r.Detail);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return new GatewayReply(200, buffer.WrittenMemory);
    }

    private static void WriteBatchId(Utf8JsonWriter w, BatchEnvelope batch)
    {
        w.WriteString("feeder", batch.Feeder);
        w.WriteString("session", batch.Session);
        w.WriteNumber("sequence", batch.Sequence);
    }

    private readonly record struct RowResult(RejectReason Reason, string? Detail, string? Symbol, string? Subject)
    {
        public static RowResult Reject(RejectReason reason, string detail) => new(reason, detail, null, null);
    }
}
