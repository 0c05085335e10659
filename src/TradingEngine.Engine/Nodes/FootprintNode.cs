using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>footprint</c>: bid and ask volume per price level inside the forming candle of one timeframe
/// (levels of <c>tick_size</c> around the candle's open), restarted when a new candle starts.
/// Outputs the imbalance (ask−bid)/(ask+bid) at the level just traded and the candle's delta.
/// Stand-in of equal work for the Indicators footprint core until that node lands.
/// </summary>
public struct FootprintNode : INode<FootprintNode>
{
    private double[] _bid;
    private double[] _ask;
    private double _tickSize;
    private long _candleOpenTime;
    private double _anchor;
    private double _delta;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "footprint",
        "Bid/ask volume per price level of the forming candle; imbalance at the traded level and candle delta.",
        [
            ParameterSpec.Number("tick_size", null, 1e-9, 1e9, "price step of one level"),
            ParameterSpec.Integer("levels", 128, 4, 65_536, "levels kept around the candle open"),
        ],
        [new InputPort("ticks", PortType.Tick), new InputPort("candle", PortType.Candle, Description: "forming:TF whose candle the footprint covers")],
        [new OutputPort("imbalance", PortType.Number), new OutputPort("delta", PortType.Number)]);

    /// <inheritdoc/>
    public static FootprintNode Create(NodeParameters parameters)
    {
        var levels = parameters.Int32("levels");
        return new FootprintNode { _bid = new double[levels], _ask = new double[levels], _tickSize = parameters.Number("tick_size"), _candleOpenTime = long.MinValue };
    }

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (!context.Changed(0))
            return false;
        ref readonly var candle = ref context.FormingCandle(1);
        ref readonly var t = ref context.Tick;
        var price = PriceMath.ToDouble(t.PriceRaw, t.PricePrecision);
        if (candle.OpenTime != _candleOpenTime)
        {
            _candleOpenTime = candle.OpenTime;
            _anchor = price;
            _delta = 0;
            Array.Clear(_bid);
            Array.Clear(_ask);
        }
        var level = (int)Math.Round((price - _anchor) / _tickSize) + (_bid.Length >> 1);
        level = Math.Clamp(level, 0, _bid.Length - 1);
        var size = PriceMath.ToDouble(t.SizeRaw, t.SizePrecision);
        if (t.Side == AggressorSide.Sell)
        {
            _bid[level] += size;
            _delta -= size;
        }
        else
        {
            _ask[level] += size;
            _delta += size;
        }
        var total = _ask[level] + _bid[level];
        context.SetNumber(0, total > 0 ? (_ask[level] - _bid[level]) / total : 0);
        context.SetNumber(1, _delta);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteInt64(_candleOpenTime);
        writer.WriteDouble(_anchor);
        writer.WriteDouble(_delta);
        writer.WriteInt32(_bid.Length);
        for (var i = 0; i < _bid.Length; i++)
        {
            writer.WriteDouble(_bid[i]);
            writer.WriteDouble(_ask[i]);
        }
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _candleOpenTime = reader.ReadInt64();
        _anchor = reader.ReadDouble();
        _delta = reader.ReadDouble();
        var levels = reader.ReadInt32();
        if (levels != _bid.Length)
            throw new InvalidDataException($"footprint snapshot has {levels} levels, node has {_bid.Length}");
        for (var i = 0; i < levels; i++)
        {
            _bid[i] = reader.ReadDouble();
            _ask[i] = reader.ReadDouble();
        }
    }
}
