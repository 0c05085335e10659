namespace TradingEngine.Nats;

/// <summary>Which forms the output publisher sends.</summary>
public sealed record PublicationOptions
{
    /// <summary>Binary on the internal subjects (for other engine processes, <c>te publish</c>, <c>te nats tail</c>).</summary>
    public bool Internal { get; init; } = true;

    /// <summary>Versioned JSON on the public subjects, from this process (the in-process external publisher).</summary>
    public bool Public { get; init; } = true;

    /// <summary>
    /// Candles too (default). <c>te serve executor</c> turns it off: there the aggregator role owns
    /// <c>candles.internal.*</c>, and an executor sending them as well would give every consumer each candle twice.
    /// </summary>
    public bool Candles { get; init; } = true;

    /// <summary>Written as <c>metadata.source</c> in public JSON.</summary>
    public string? Source { get; init; }
}
