using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>tick_delta</c>: signed size of each tick: +size when the buyer was the aggressor, −size for the
/// seller. Ticks without an aggressor side are classified by the tick rule (uptick = buy, downtick =
/// sell, unchanged = same side as the previous tick), the usual convention when the feed has no side.
/// </summary>
public struct TickDeltaNode : INode<TickDeltaNode>
{
    private long _lastPriceRaw;
    private int _lastSign;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "tick_delta",
        "Signed size of each tick (aggressor side, else tick rule).",
        [],
        [new InputPort("ticks", PortType.Tick)],
        [new OutputPort("delta", PortType.Number)]);

    /// <inheritdoc/>
    public static TickDeltaNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var t = ref context.Tick;
        var sign = t.Side switch
        {
            AggressorSide.Buy => 1,
            AggressorSide.Sell => -1,
            _ => t.PriceRaw > _lastPriceRaw ? 1 : t.PriceRaw < _lastPriceRaw ? -1 : _lastSign,
        };
        _lastPriceRaw = t.PriceRaw;
        _lastSign = sign;
        context.SetNumber(0, sign * PriceMath.ToDouble(t.SizeRaw, t.SizePrecision));
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteInt64(_lastPriceRaw);
        writer.WriteInt32(_lastSign);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _lastPriceRaw = reader.ReadInt64();
        _lastSign = reader.ReadInt32();
    }
}
