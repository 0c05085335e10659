using System.Runtime.InteropServices;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// What ingestion did, for monitoring and tests: accepted messages per kind, rejections per
/// <see cref="RejectReason"/>, dead letters, gaps. Every counter sits on its own cache line (several subscription
/// loops and the connection's event thread write them).
/// </summary>
public sealed class IngestionCounters
{
    private readonly PaddedCounter[] _counters = new PaddedCounter[SlotCount];

    private const int AcceptedBase = 0;                       // + MarketEventKind
    private const int RejectedBase = 8;                       // + RejectReason
    private const int DeadLettered = RejectedBase + 64;
    private const int DeadLetterFailed = DeadLettered + 1;
    private const int Gaps = DeadLettered + 2;
    private const int Dropped = DeadLettered + 3;
    private const int Reconnects = DeadLettered + 4;
    private const int Duplicates = DeadLettered + 5;
    private const int RingFull = DeadLettered + 6;
    private const int Acked = DeadLettered + 7;
    private const int NotOwned = DeadLettered + 8;
    private const int ReadBack = DeadLettered + 9;
    private const int DecodeAllocated = DeadLettered + 10;
    private const int SkipMarkerSlots = DeadLettered + 11;
    private const int SlotCount = DeadLettered + 12;

    public long Accepted(MarketEventKind kind) => Read(AcceptedBase + (int)kind);
    public long AcceptedTotal => Accepted(MarketEventKind.Tick) + Accepted(MarketEventKind.Quote) + Accepted(MarketEventKind.Candle);
    public long Rejected(RejectReason reason) => Read(RejectedBase + (int)reason);

    public long RejectedTotal
    {
        get
        {
            long sum = 0;
            for (var r = 1; r < 64; r++)
                sum += Read(RejectedBase + r);
            return sum;
        }
    }

    /// <summary>Rejected messages that reached the dead-letter subject.</summary>
    public long DeadLetteredCount => Read(DeadLettered);
    /// <summary>Rejected messages whose dead-letter publish failed (connection down); they are still counted as rejected.</summary>
    public long DeadLetterFailedCount => Read(DeadLetterFailed);
    /// <summary>Gap events written to the ring (slow consumer drops, reconnects).</summary>
    public long GapEvents => Read(Gaps);
    /// <summary>Messages NATS.Net dropped (only possible when a subscription is not in Wait mode).</summary>
    public long DroppedMessages => Read(Dropped);
    public long ReconnectCount => Read(Reconnects);
    /// <summary>JetStream re-deliveries of messages already in the ring (skipped, acked).</summary>
    public long DuplicateCount => Read(Duplicates);
    /// <summary>Claims that found the ring full and had to wait for consumers.</summary>
    public long RingFullWaits => Read(RingFull);
    /// <summary>
    /// Bytes the core-NATS subscription loops (<see cref="MarketDataIngestor"/>) allocated while taking, decoding,
    /// validating and publishing accepted messages into the rings (each batch measured with
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> on its thread; batches with a dead letter are not in it). Read
    /// twice in steady state, the difference must be zero. The JetStream consumer's path is not measured (stays 0).
    /// </summary>
    public long DecodeAllocatedBytes => Read(DecodeAllocated);
    /// <summary>
    /// Rejected messages whose ring slot was already claimed (decoded straight into it): each was published as a
    /// <see cref="MarketEventKind.Skip"/> marker that the ring's consumers pass over. Every one is also in
    /// <see cref="Rejected"/> under its reason; the rejections found before a slot was claimed (size, subject, symbol)
    /// are not here.
    /// </summary>
    public long SkipMarkers => Read(SkipMarkerSlots);
    /// <summary>JetStream acks sent (each covers every earlier message: ack policy all).</summary>
    public long AckCount => Read(Acked);
    /// <summary>JetStream messages of symbols this engine does not own (left in its stream by an earlier configuration): skipped, acked.</summary>
    public long NotOwnedCount => Read(NotOwned);
    /// <summary>JetStream messages read back from the stream in order because the durable delivered past them (restart, lost in flight).</summary>
    public long ReadBackCount => Read(ReadBack);

    /// <summary>How many examples <see cref="Examples"/> keeps per rejection reason (and for messages not owned).</summary>
    public const int ExampleCount = 3;

    // the first few rejected messages per reason, for the run's summary (cold path: a rejected message already made a
    // detail string and a dead-letter publish; the lock is never taken for an accepted one)
    private readonly Dictionary<RejectReason, List<string>> _examples = [];
    private readonly List<string> _notOwnedExamples = [];

    /// <summary>The first messages rejected for <paramref name="reason"/>: receive time (UTC), subject and the detail naming field and value.</summary>
    public IReadOnlyList<string> Examples(RejectReason reason)
    {
        lock (_examples)
            return _examples.TryGetValue(reason, out var list) ? [.. list] : [];
    }

    /// <summary>The subjects (with receive time) of the first JetStream messages skipped as not owned.</summary>
    public IReadOnlyList<string> NotOwnedExamples
    {
        get
        {
            lock (_examples)
                return [.. _notOwnedExamples];
        }
    }

    /// <summary>How many distinct symbols <see cref="RejectedBySymbol"/> names; rejections of further ones count under <see cref="OtherSymbols"/>.</summary>
    public const int SymbolLimit = 256;

    /// <summary>The symbol under which rejections count when the subject names none, or past <see cref="SymbolLimit"/> symbols.</summary>
    public const string OtherSymbols = "_other";

    private readonly Dictionary<(string Symbol, RejectReason Reason), long> _bySymbol = [];
    private readonly HashSet<string> _rejectedSymbols = new(StringComparer.Ordinal);

    /// <summary>Rejections per symbol (from the message's subject, as sent: it need not be a known symbol) and reason, for the metrics.</summary>
    public IReadOnlyList<(string Symbol, RejectReason Reason, long Count)> RejectedBySymbol()
    {
        lock (_examples)
            return [.. _bySymbol.Select(p => (p.Key.Symbol, p.Key.Reason, p.Value))];
    }

    /// <summary>Counts a rejection and keeps it as an example while its reason has fewer than <see cref="ExampleCount"/>.</summary>
    internal void OnRejected(RejectReason reason, string subject, string detail)
    {
        OnRejected(reason);
        lock (_examples)
        {
            // per symbol: a hostile feed may invent symbols without end, so the set is bounded
            var symbol = NatsSubjects.TryParseInput(subject, out _, out var named, out _) ? named.ToString() : OtherSymbols;
            if (!_rejectedSymbols.Contains(symbol))
            {
                if (_rejectedSymbols.Count < SymbolLimit)
                    _rejectedSymbols.Add(symbol);
                else
                    symbol = OtherSymbols;
            }
            _bySymbol[(symbol, reason)] = _bySymbol.GetValueOrDefault((symbol, reason)) + 1;
            if (!_examples.TryGetValue(reason, out var list))
                _examples[reason] = list = new List<string>(ExampleCount);
            if (list.Count < ExampleCount)
                list.Add($"{UtcNanos.ToIso8601(UtcNanos.Now())} {subject}: {detail}");
        }
    }

    /// <summary>Counts a message skipped as not owned and keeps the first few subjects.</summary>
    internal void OnNotOwned(string subject)
    {
        OnNotOwned();
        lock (_examples)
        {
            if (_notOwnedExamples.Count < ExampleCount)
                _notOwnedExamples.Add($"{UtcNanos.ToIso8601(UtcNanos.Now())} {subject}");
        }
    }

    /// <summary><paramref name="count"/> events of <paramref name="kind"/> accepted at once (one atomic add per batch, not per event).</summary>
    internal void OnAccepted(MarketEventKind kind, long count) => Interlocked.Add(ref _counters[AcceptedBase + (int)kind].Value, count);
    internal void OnRejected(RejectReason reason) => Increment(RejectedBase + ((int)reason & 63));
    internal void OnDeadLettered() => Increment(DeadLettered);
    internal void OnDeadLetterFailed() => Increment(DeadLetterFailed);
    internal void OnGap() => Increment(Gaps);
    internal void OnDropped() => Increment(Dropped);
    internal void OnReconnect() => Increment(Reconnects);
    internal void OnDuplicate() => Increment(Duplicates);
    internal void OnRingFull() => Increment(RingFull);
    internal void OnAck() => Increment(Acked);
    internal void OnNotOwned() => Increment(NotOwned);
    internal void OnReadBack() => Increment(ReadBack);
    internal void OnSkipMarker() => Increment(SkipMarkerSlots);

    /// <summary>Adds what one batch of decoding allocated (nothing is written when it allocated nothing).</summary>
    internal void OnDecodeAllocated(long bytes)
    {
        if (bytes != 0)
            Interlocked.Add(ref _counters[DecodeAllocated].Value, bytes);
    }

    private long Read(int slot) => Volatile.Read(ref _counters[slot].Value);

    private void Increment(int slot) => Interlocked.Increment(ref _counters[slot].Value);

    public override string ToString()
    {
        var b = new System.Text.StringBuilder();
        b.Append($"accepted {AcceptedTotal} (ticks {Accepted(MarketEventKind.Tick)}, quotes {Accepted(MarketEventKind.Quote)}, candles {Accepted(MarketEventKind.Candle)}), rejected {RejectedTotal}");
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            if (reason != RejectReason.None && Rejected(reason) > 0)
                b.Append($" [{reason} {Rejected(reason)}]");
        }
        b.Append($", dead-lettered {DeadLetteredCount} (failed {DeadLetterFailedCount}), gaps {GapEvents}, dropped {DroppedMessages}, reconnects {ReconnectCount}, duplicates {DuplicateCount}, read back {ReadBackCount}, skipped [not owned {NotOwnedCount}], skip markers {SkipMarkers}, ring-full waits {RingFullWaits}");
        return b.ToString();
    }

    /// <summary>One counter per 128 bytes: two cache lines, as adjacent-line prefetch pairs them.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounter
    {
        [FieldOffset(64)] public long Value;
    }
}
