using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>tick_vwap</c>: volume-weighted average price of every tick, Σ(price·size)/Σsize, restarted
/// whenever the optional <c>reset</c> candle input closes (e.g. <c>candles:1d</c> for a daily VWAP).
/// </summary>
public struct TickVwapNode : INode<TickVwapNode>
{
    private double _priceVolume;
    private double _volume;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "tick_vwap",
        "Volume-weighted average price of ticks, optionally restarted when a candle closes.",
        [],
        [new InputPort("ticks", PortType.Tick), new InputPort("reset", PortType.Candle, Optional: true, Description: "restart when this candle closes")],
        [new OutputPort("vwap", PortType.Number), new OutputPort("volume", PortType.Number)]);

    /// <inheritdoc/>
    public static TickVwapNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (context.Count(1) != 0 && context.Changed(1))
        {
            _priceVolume = 0;
            _volume = 0;
        }
        if (!context.Changed(0))
            return false;
        ref readonly var t = ref context.Tick;
        var size = PriceMath.ToDouble(t.SizeRaw, t.SizePrecision);
        if (size <= 0)
            return false;
        _priceVolume += PriceMath.ToDouble(t.PriceRaw, t.PricePrecision) * size;
        _volume += size;
        context.SetNumber(0, _priceVolume / _volume);
        context.SetNumber(1, _volume);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteDouble(_priceVolume);
        writer.WriteDouble(_volume);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _priceVolume = reader.ReadDouble();
        _volume = reader.ReadDouble();
    }
}
