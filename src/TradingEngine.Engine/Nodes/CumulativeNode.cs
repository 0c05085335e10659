using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>cumulative</c>: running sum of a number input (e.g. a per-bar value into a running total), optionally restarted when a candle closes. Session cumulative delta of trades is the <c>cumulative_delta</c> indicator kind.</summary>
internal struct CumulativeNode : INode<CumulativeNode>
{
    private const int SourceIn = 0;
    private const int ResetIn = 1;
    private const int SumOut = 0;

    private double _sum;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "cumulative",
        "Running sum of a number, optionally restarted when a candle closes.",
        [],
        PortList.Of((SourceIn, new InputPort("source", PortType.Number)), (ResetIn, new InputPort("reset", PortType.Candle, Optional: true))),
        PortList.Of((SumOut, new OutputPort("sum", PortType.Number))));

    /// <inheritdoc/>
    public static CumulativeNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        var changed = false;
        if (context.Count(ResetIn) != 0 && context.Changed(ResetIn))
        {
            _sum = 0;
            changed = true;
        }
        if (context.Changed(SourceIn) && context.IsValid(SourceIn))
        {
            _sum += context.Number(SourceIn);
            changed = true;
        }
        if (changed)
            context.SetNumber(SumOut, _sum);
        return changed;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer) => writer.WriteDouble(_sum);

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader) => _sum = reader.ReadDouble();
}
