using TradingEngine.Engine.Aggregation;

namespace TradingEngine.Engine.Pipelines;

/// <summary>A pipeline as declared in a file, before the graph builder validates it.</summary>
public sealed class PipelineSpec
{
    /// <summary>The file as the user named it (appears in every error).</summary>
    public required string File { get; init; }

    /// <summary>The pipeline's name (defaults to the file name).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Declared candle series in file order (time bars <c>5m</c>, tick bars <c>500T</c>, volume bars
    /// <c>25000V</c>, range bars <c>0.25R</c>, <c>+empty</c>, <c>@ext:1m</c>); candle inputs may only use these.
    /// </summary>
    public IReadOnlyList<BarSpec> Timeframes { get; init; } = [];

    /// <summary>Line of each entry of <see cref="Timeframes"/>.</summary>
    public IReadOnlyList<int> TimeframeLines { get; init; } = [];

    /// <summary>Session alignment of candles.</summary>
    public SessionSpec Session { get; init; } = SessionSpec.Utc;

    /// <summary>Minimum price increment, when the pipeline states one (checked against the instrument registry).</summary>
    public decimal? TickSize { get; init; }

    /// <summary>
    /// <c>candle_lateness</c>: how far past a time bar's end a timer (the live clock's, journaled) must be to close it,
    /// so ticks still in flight when the wall clock passes the end count in their candle. Default 0: the first timer at or
    /// after the end closes it. Live, recovery and <c>te replay</c> read it from the same file, so they close alike.
    /// </summary>
    public TimeSpan CandleLateness { get; init; }

    /// <summary>Nodes in declaration order (the topological tie-break).</summary>
    public IReadOnlyList<NodeSpec> Nodes { get => _nodes; init => _nodes = value; }

    private IReadOnlyList<NodeSpec> _nodes = [];

    /// <summary>
    /// This pipeline with other nodes and everything else as it is (instrument binding, parameter overrides): a copy of
    /// every member, so a member added later is never lost by a rewrite.
    /// </summary>
    public PipelineSpec WithNodes(IReadOnlyList<NodeSpec> nodes)
    {
        var copy = (PipelineSpec)MemberwiseClone();
        copy._nodes = nodes;
        return copy;
    }
}
