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
internal sealed class BatchProcessor
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
        using var batch = BatchEnvelope.Parse(body, _options.MaxRows, out var status, out var error);
        if (batch is null)
            return GatewayReply.Error(status, GatewayReply.ErrorCode(status), error!);
        if (batch.Feeder != feeder.Id)
            return GatewayReply.Error(403, "forbidden", $"the token belongs to feeder '{feeder.Id}', the batch says feeder '{batch.Feeder}'");
        if (!_rate.TryTake(feeder.Id, batch.RowCount, out var wait))
            return GatewayReply.Error(429, "rate_limited", $"feeder '{feeder.Id}' is over {_options.RateLimitPerSecond:0.#} rows/s", wait);

        // per-batch arrays from the pool: a batch of 5,000 made two large-object-heap arrays (row results, messages) per request
        var count = batch.RowCount;
        var rows = ArrayPool<RowResult>.Shared.Rent(count);
        var messages = ArrayPool<GatewayMessage>.Shared.Rent(count);
        try
        {
            var accepted = 0;
            var idPrefix = $"{batch.Feeder}/{batch.Session}/{batch.Sequence}/";
            var last = default(LastSubject);
            List<string>? forbidden = null;
            for (var i = 0; i < count; i++)
            {
                rows[i] = Check(batch, i, idPrefix, ref last, out var message);
                if (rows[i].Reason == RejectReason.None)
                {
                    messages[accepted++] = message;
                    if (!feeder.Allows(rows[i].Symbol!))
                        (forbidden ??= []).Add(rows[i].Symbol!);
                }
            }
            if (forbidden is not null)
            {
                return GatewayReply.Error(403, "forbidden",
                    $"feeder '{feeder.Id}' may not send {string.Join(", ", forbidden.Distinct().Order(StringComparer.Ordinal))} (allowed: {string.Join(", ", feeder.Symbols.Order(StringComparer.Ordinal))})");
            }

            var stored = await StoreAsync(batch, new ArraySegment<GatewayMessage>(messages, 0, accepted), cancellationToken).ConfigureAwait(false);
            if (stored is not null)
                return stored;
            for (var i = 0; i < count; i++)
            {
                if (rows[i].Reason != RejectReason.None)
                {
                    Counters.OnRejected(rows[i].Reason);
                    var subject = rows[i].Subject ?? $"gateway.{batch.Feeder}";
                    // stored batch: its dead letters go too, client or not (a re-send is a duplicate and would not send them)
                    await _nats.DeadLetterAsync(subject, batch.Row(i).ToArray(), rows[i].Reason, rows[i].Detail!, CancellationToken.None).ConfigureAwait(false);
                }
            }
            return Accepted(batch, rows.AsSpan(0, count), accepted);
        }
        finally
        {
            ArrayPool<RowResult>.Shared.Return(rows, clearArray: true);
            ArrayPool<GatewayMessage>.Shared.Return(messages, clearArray: true);
        }
    }

    /// <summary>
    /// Publishes the batch in its session's order (docs/gateway.md, "Several batches in flight"): under the session's lock,
    /// a sequence at or below the mark is a duplicate, the next one is published, acked and becomes the mark; a later one
    /// (it overtook its predecessors on another connection) waits for the mark to reach it, the wait starting again at each
    /// batch stored and never ending while the batch it waits for is being processed; it answers 503 when a predecessor
    /// failed (the feeder re-sends from there), 409 when nothing moved within <see cref="GatewayOptions.SequenceWait"/>.
    /// Null when stored; else the reply.
    /// </summary>
    private async Task<GatewayReply?> StoreAsync(BatchEnvelope batch, IReadOnlyList<GatewayMessage> messages, CancellationToken cancellationToken)
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

    private async Task<GatewayReply?> StoreInOrderAsync(FeederSession session, BatchEnvelope batch, IReadOnlyList<GatewayMessage> messages, CancellationToken cancellationToken)
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
    private async Task<GatewayReply?> PublishNextAsync(FeederSession session, BatchEnvelope batch, IReadOnlyList<GatewayMessage> messages, CancellationToken cancellationToken)
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
    internal RowResult Check(BatchEnvelope batch, int index, string idPrefix, ref LastSubject last, out GatewayMessage message)
    {
        message = default;
        var row = batch.Row(index);
        if (row.Length > _options.MaxRowBytes)
            return RowResult.Reject(RejectReason.OversizedPayload, $"message of {row.Length} bytes exceeds the limit of {_options.MaxRowBytes}");
        var decoded = _decoder.Decode(row.Span, out MarketEvent e);
        if (!decoded.IsSuccess)
            return RowResult.Reject(decoded.Reason, decoded.Message ?? decoded.Reason.ToString());
        // a batch is mostly one symbol and kind: its subject is made (and checked) once, not per row
        if (last.Subject is null || e.Kind != last.Kind || e.Symbol != last.Symbol || (e.Kind == MarketEventKind.Candle && e.Candle.Timeframe != last.Timeframe))
        {
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
            last = new LastSubject(e.Kind, e.Symbol, e.Kind == MarketEventKind.Candle ? e.Candle.Timeframe : default, symbol, subject);
        }
        message = new GatewayMessage(last.Subject!, row, MessageId(idPrefix, index));
        return new RowResult(RejectReason.None, null, last.Name, last.Subject);
    }

    /// <summary><c>feeder/session/sequence/row</c>: the prefix made once per batch, one string per row.</summary>
    internal static string MessageId(string prefix, int index)
    {
        var digits = 1;
        for (var rest = index / 10; rest > 0; rest /= 10)
            digits++;
        return string.Create(prefix.Length + digits, (prefix, index), static (span, s) =>
        {
            s.prefix.CopyTo(span);
            s.index.TryFormat(span[s.prefix.Length..], out _, default, System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    /// <summary>The subject of the batch's previous accepted row, and what it was made from.</summary>
    internal readonly record struct LastSubject(MarketEventKind Kind, SymbolId Symbol, Timeframe Timeframe, string? Name, string? Subject);

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

    private static GatewayReply Accepted(BatchEnvelope batch, ReadOnlySpan<RowResult> rows, int accepted)
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

    internal readonly record struct RowResult(RejectReason Reason, string? Detail, string? Symbol, string? Subject)
    {
        public static RowResult Reject(RejectReason reason, string detail) => new(reason, detail, null, null);
    }
}
