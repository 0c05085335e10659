using TradingEngine.Nats;

namespace TradingEngine.Gateway;

/// <summary>The gateway's settings (docs/gateway.md, "Configuration"); <see cref="GatewayConfig"/> reads them from the JSON file.</summary>
public sealed record GatewayOptions
{
    /// <summary>Kestrel URLs when the config has no <c>Kestrel:Endpoints</c> (TLS endpoints are configured there).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8480"];

    public NatsEndpoint Nats { get; init; } = new() { Name = "te-gateway" };

    /// <summary>The engine's JetStream stream (<c>te run --jetstream --stream</c>); /readyz checks it exists.</summary>
    public string StreamName { get; init; } = "TE_TICKS";

    /// <summary>KV bucket of the high-water batch sequence per (feeder, session).</summary>
    public string MarkBucket { get; init; } = "TE_GATEWAY_MARKS";

    /// <summary>Replicas of <see cref="MarkBucket"/>: 3 on a 3-node JetStream cluster, like the executors' streams (<c>--stream-replicas</c>).</summary>
    public int MarkReplicas { get; init; } = 1;

    /// <summary>Largest request body as sent (compressed when gzip): larger → 413.</summary>
    public long MaxBodyBytes { get; init; } = 8L << 20;

    /// <summary>Largest body after gzip decompression (a gzip bomb stops here): larger → 413.</summary>
    public long MaxDecompressedBytes { get; init; } = 32L << 20;

    /// <summary>Most rows in one batch: more → 413.</summary>
    public int MaxRows { get; init; } = 20_000;

    /// <summary>Largest single row (the engine's JSON limit): larger → that row is rejected (<c>OversizedPayload</c>).</summary>
    public int MaxRowBytes { get; init; } = 4096;

    /// <summary>Rows per second per feeder (token bucket); 0: no limit. Over it → 429 with Retry-After.</summary>
    public double RateLimitPerSecond { get; init; }

    /// <summary>Rows a feeder may send at once before the rate applies (at least <see cref="MaxRows"/>).</summary>
    public double RateLimitBurst { get; init; }

    /// <summary>Batches being processed at once (all feeders); more → 429 with Retry-After.</summary>
    public int MaxConcurrentBatches { get; init; } = 64;

    /// <summary>Retry-After of a 503 (NATS unreachable, stream missing or full).</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How long a batch waits for JetStream's acks before it answers 503.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a batch that arrives ahead of its session's next sequence (a pipelined feeder's later batch, overtaking on
    /// another connection) waits for the batches before it; every batch of the session stored meanwhile starts the wait
    /// again. Nothing moving within it → 409. (docs/gateway.md, "Several batches in flight".)
    /// </summary>
    public TimeSpan SequenceWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Instrument registry (pipelines/instruments.yaml): prices are checked at the instrument's precision, unknown symbols per its policy.</summary>
    public string? InstrumentsPath { get; init; }

    public IReadOnlyList<FeederCredential> Feeders { get; init; } = [];
}
