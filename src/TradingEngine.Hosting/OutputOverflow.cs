namespace TradingEngine.Hosting;

/// <summary>What happens to an output when a consumer's output ring is full (the consumer is a whole ring behind).</summary>
public enum OutputOverflow
{
    /// <summary>
    /// While the consumer moves, the executor waits for it (a burst loses nothing); once it has stayed at one position
    /// for <see cref="OutputDrops.StallTimeout"/> (<see cref="EngineHostOptions.OutputStallTimeout"/>) with its ring full, the executor drops the output for this consumer only
    /// and counts it (<see cref="EngineHost.DroppedOutputs"/>, in <c>te run</c>'s summary), without waiting again until
    /// the consumer moves: a stalled NATS server never stops the executors or the other consumers.
    /// </summary>
    Drop,

    /// <summary>
    /// The executor waits for the consumer (counted as producer waits): for a consumer that never stalls because it
    /// spills on its own (the Timescale sink buffers and spills to disk while the database is away).
    /// </summary>
    Wait,
}
