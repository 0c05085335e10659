using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volume;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>delta_volume</c>: aggressive buy and sell volume of each bar of one candle series. Every tick is classified
/// (feed side, else quote rule with the tick's own BBO or the latest quote, else tick rule: see
/// <see cref="AggressorClassifier"/>) and added to a <see cref="DeltaVolumeState"/>; when a bar of the
/// <c>candle</c> input closes the running totals belong to it and restart. The aggregator closes a bar before
/// it folds the tick that opened the next one, so a tick in a closing event counts for the new bar.
/// Outputs (size units): <c>delta</c>, <c>buy_volume</c>, <c>sell_volume</c> of the forming bar, and
/// <c>bar_delta</c> of the last closed bar. With <c>emit: true</c> each closed bar goes to the output ring as a
/// <see cref="DeltaVolume"/>.
/// </summary>
internal struct DeltaVolumeNode : INode<DeltaVolumeNode>
{
    private const int TicksIn = 0;
    private const int CandleIn = 1;
    private const int QuotesIn = 2;
    private const int DeltaOut = 0;
    private const int BuyVolumeOut = 1;
    private const int SellVolumeOut = 2;
    private const int BarDeltaOut = 3;

    private TradeClassifier _classifier;
    private DeltaVolumeState _bar;
    private long _lastClosedOpen;
    private byte _sizePrecision;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "delta_volume",
        "Aggressive buy/sell volume and delta of each bar (feed side, quote rule, tick rule).",
        [StandardInput.Emit],
        PortList.Of(
            (TicksIn, new InputPort("ticks", PortType.Tick)),
            (CandleIn, new InputPort("candle", PortType.Candle, Description: "candles:TF or forming:TF: the bars the volume is counted per")),
            (QuotesIn, new InputPort("quotes", PortType.Quote, Optional: true, Description: "latest BBO for the quote rule when ticks carry none"))),
        PortList.Of(
            (DeltaOut, new OutputPort("delta", PortType.Number, "buy - sell of the forming bar")),
            (BuyVolumeOut, new OutputPort("buy_volume", PortType.Number)),
            (SellVolumeOut, new OutputPort("sell_volume", PortType.Number)),
            (BarDeltaOut, new OutputPort("bar_delta", PortType.Number, "delta of the last closed bar"))));

    /// <inheritdoc/>
    public static DeltaVolumeNode Create(NodeParameters parameters) => new() { _emit = parameters.Boolean("emit") };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        _classifier.ObserveQuote(context, QuotesIn);
        var changed = false;
        ref readonly var closed = ref context.ClosedCandle(CandleIn);
        if (closed.OpenTime != _lastClosedOpen && closed.CloseTime != 0)
        {
            _lastClosedOpen = closed.OpenTime;
            context.SetNumber(BarDeltaOut, FixedPoint.ToDouble(_bar.Delta, _sizePrecision));
            if (_emit)
            {
                context.Emit(new DeltaVolume
                {
                    Symbol = context.Symbol,
                    Timeframe = closed.Timeframe,
                    EventTime = context.EventTime,
                    SizePrecision = _sizePrecision,
                    BuyVolumeRaw = _bar.BuyVolume,
                    SellVolumeRaw = _bar.SellVolume,
                    BarTime = closed.OpenTime,
                });
            }
            _bar.Reset();
            changed = true;
        }
        if (context.Changed(TicksIn))
        {
            ref readonly var t = ref context.Tick;
            _sizePrecision = t.SizePrecision;
            _bar.Add(_classifier.Classify(in t), t.SizeRaw);
            changed = true;
        }
        if (changed)
        {
            var outputs = context.Outputs(SellVolumeOut + 1);
            outputs.SetNumber(DeltaOut, FixedPoint.ToDouble(_bar.Delta, _sizePrecision));
            outputs.SetNumber(BuyVolumeOut, FixedPoint.ToDouble(_bar.BuyVolume, _sizePrecision));
            outputs.SetNumber(SellVolumeOut, FixedPoint.ToDouble(_bar.SellVolume, _sizePrecision));
        }
        return changed;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        _classifier.Write(ref writer);
        CoreSnapshot.Write(ref writer, DeltaVolumeState.SnapshotSize, in _bar, static (in core, destination) => core.WriteTo(destination));
        writer.WriteInt64(_lastClosedOpen);
        writer.WriteByte(_sizePrecision);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _classifier.Read(ref reader);
        _bar = DeltaVolumeState.ReadFrom(CoreSnapshot.Read(ref reader));
        _lastClosedOpen = reader.ReadInt64();
        _sizePrecision = reader.ReadByte();
    }
}
