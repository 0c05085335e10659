using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>What the ingestor subscribes to and how strictly it validates.</summary>
public sealed record IngestionOptions
{
    /// <summary>Symbols to subscribe to; empty means every symbol (<c>ticks.raw.*</c>).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    public bool Ticks { get; init; } = true;
    public bool Quotes { get; init; } = true;
    public bool Candles { get; init; } = true;

    /// <summary>External triggers on <c>dag.trigger.{symbol}</c> (<see cref="NatsSubjects.DagTriggerPrefix"/>).</summary>
    public bool Triggers { get; init; } = true;

    /// <summary>Larger payloads are rejected as <see cref="RejectReason.OversizedPayload"/> before decoding.</summary>
    public int MaxPayloadBytes { get; init; } = 4096;

    /// <summary>
    /// How far event time may go backwards, per symbol and kind, before a message is rejected as
    /// <see cref="RejectReason.TimestampOutOfOrder"/>. Feeds reorder a little (several venues, several publishers);
    /// anything older than this is stale and would corrupt closed candles.
    /// </summary>
    public TimeSpan OutOfOrderTolerance { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far an event's time may be ahead of the engine's wall clock at receipt before it is rejected as
    /// <see cref="RejectReason.FutureTimestamp"/> (<see cref="ClockSkewGuard"/>); such an event never moves the
    /// order watermark. Covers clock differences between the producer and this host. Null: the registry's
    /// <c>max_clock_skew</c> (<see cref="InstrumentRegistry.MaxClockSkew"/>), or 5 s without a registry.
    /// </summary>
    public TimeSpan? MaxClockSkew { get; init; }

    /// <summary>
    /// The instrument registry whose <c>max_jump</c> bands check trade prices (<see cref="TradeGuard"/>); without it
    /// only zero-size trades are refused. Must intern into the ingestor's symbol registry.
    /// </summary>
    public InstrumentRegistry? Instruments { get; init; }

    /// <summary>Capacity of NATS.Net's per-subscription pending channel (full: the reader waits, nothing is dropped).</summary>
    public int PendingCapacity { get; init; } = 65_536;

    /// <summary>Queue group, so several engine processes can share a wildcard subscription (empty: none).</summary>
    public string? QueueGroup { get; init; }

    /// <summary>The subjects these options subscribe to.</summary>
    public IReadOnlyList<string> Subjects()
    {
        var subjects = new List<string>();
        var symbols = Symbols.Count == 0 ? ["*"] : Symbols;
        foreach (var s in symbols)
        {
            if (s.Length == 0 || s.Contains('.') || s.Contains(' ') || (s.Contains('*') && s != "*") || s.Contains('>'))
                throw new ArgumentException($"ingestion symbol '{s}' is not a single NATS subject token (no dots, spaces or wildcards)");
            if (Ticks)
                subjects.Add(NatsSubjects.TicksRawPrefix + s);
            if (Quotes)
                subjects.Add(NatsSubjects.QuotesRawPrefix + s);
            if (Candles)
                subjects.Add(NatsSubjects.CandlesExternalPrefix + s + ".*");
            if (Triggers)
                subjects.Add(NatsSubjects.DagTriggerPrefix + s);
        }
        return subjects;
    }
}
