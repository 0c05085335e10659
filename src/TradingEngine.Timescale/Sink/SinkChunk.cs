namespace TradingEngine.Timescale.Sink;

/// <summary>
/// A run of records handed from a feed's producer to the writer thread, in memory or, when the feed is over its
/// memory bound, in a spill file. Once enqueued the writer owns it; <see cref="Read"/> is the writer's cursor.
/// </summary>
internal sealed class SinkChunk
{
    public SinkRecord[]? Records;
    public int Count;
    public string? SpillPath;
    public int Read;
    /// <summary>Its rows were never counted as buffered in memory.</summary>
    public bool FromSpill;
}
