using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volume;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>footprint</c>: bid × ask volume per price level (the instrument's <c>tick_size</c>) of each bar of one
/// candle series, with diagonal imbalances at <c>imbalance_ratio</c> (ladder, invariants and imbalance rule: see
/// <see cref="FootprintState"/>). Ticks are classified as in <c>delta_volume</c>. Per tick the outputs
/// <c>delta</c> and <c>volume</c> of the forming bar move (O(1)); when a bar closes its ladder is summarised once
/// (<see cref="FootprintSummary"/>: <c>poc</c>, <c>buy_imbalances</c>, <c>sell_imbalances</c>,
/// <c>stacked_imbalances</c>), emitted as a <see cref="Footprint"/> message when <c>emit: true</c>, and cleared.
/// The ladder is made on the first tick (its raw tick size depends on the tick's price precision) and pre-sized to
/// <c>levels</c>; a bar wider than that grows it once, off the hot path.
/// </summary>
internal struct FootprintNode : INode<FootprintNode>
{
    private const int TicksIn = 0;
    private const int CandleIn = 1;
    private const int QuotesIn = 2;
    private const int DeltaOut = 0;
    private const int VolumeOut = 1;
    private const int PocOut = 2;
    private const int BuyImbalancesOut = 3;
    private const int SellImbalancesOut = 4;
    private const int StackedImbalancesOut = 5;

    private TradeClassifier _classifier;
    private FootprintState _core;
    private double _tickSize;
    private double _ratio;
    private int _levels;
    private long _lastClosedOpen;
    private byte _pricePrecision;
    private byte _sizePrecision;
    private bool _started;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "footprint",
        "Bid/ask volume per price level of each bar with diagonal imbalances; summary on bar close.",
        [
            ParameterSpec.Number("tick_size", null, 1e-9, 1e9, "price step of one level (the instrument's tick)"),
            ParameterSpec.Number("imbalance_ratio", 3.0, 1.0, 1e6, "diagonal imbalance ratio (3 = 300%)"),
            ParameterSpec.Integer("levels", 256, 4, 1 << 20, "pre-sized levels (grows once if a bar spans more)"),
            StandardInput.Emit,
        ],
        PortList.Of(
            (TicksIn, new InputPort("ticks", PortType.Tick)),
            (CandleIn, new InputPort("candle", PortType.Candle, Description: "candles:TF or forming:TF: the bars a footprint covers")),
            (QuotesIn, new InputPort("quotes", PortType.Quote, Optional: true, Description: "latest BBO for the quote rule when ticks carry none"))),
        PortList.Of(
            (DeltaOut, new OutputPort("delta", PortType.Number, "buy - sell of the forming bar")),
            (VolumeOut, new OutputPort("volume", PortType.Number, "volume of the forming bar")),
            (PocOut, new OutputPort("poc", PortType.Number, "point of control of the last closed bar")),
            (BuyImbalancesOut, new OutputPort("buy_imbalances", PortType.Integer, "of the last closed bar")),
            (SellImbalancesOut, new OutputPort("sell_imbalances", PortType.Integer, "of the last closed bar")),
            (StackedImbalancesOut, new OutputPort("stacked_imbalances", PortType.Integer, "longest run of same-side imbalanced levels of the last closed bar"))));

    /// <inheritdoc/>
    public static FootprintNode Create(NodeParameters parameters)
    {
        var ratio = parameters.Number("imbalance_ratio");
        return new FootprintNode
        {
            _tickSize = parameters.Number("tick_size"),
            _ratio = ratio,
            _levels = parameters.Int32("levels"),
            _emit = parameters.Boolean("emit"),
        };
    }

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        _classifier.ObserveQuote(context, QuotesIn);
        var changed = false;
        ref readonly var closed = ref context.ClosedCandle(CandleIn);
        if (closed.OpenTime != _lastClosedOpen && closed.CloseTime != 0)
        {
            _lastClosedOpen = closed.OpenTime;
            if (_started)
            {
                CloseBar(context, in closed);
                changed = true;
            }
        }
        if (context.Changed(TicksIn))
        {
            ref readonly var t = ref context.Tick;
            if (!_started)
                Start(in t);
            _core.Add(t.PriceRaw, _classifier.Classify(in t), t.SizeRaw);
            changed = true;
        }
        if (changed)
        {
            var outputs = context.Outputs(VolumeOut + 1);
            outputs.SetNumber(DeltaOut, FixedPoint.ToDouble(_core.Delta, _sizePrecision));
            outputs.SetNumber(VolumeOut, FixedPoint.ToDouble(_core.Volume, _sizePrecision));
        }
        return changed;
    }

    private void CloseBar(NodeContext context, in Candle closed)
    {
        var summary = FootprintSummary.Of(in _core);
        context.SetNumber(PocOut, FixedPoint.ToDouble(summary.Poc, _pricePrecision));
        context.SetInteger(BuyImbalancesOut, summary.BuyImbalances);
        context.SetInteger(SellImbalancesOut, summary.SellImbalances);
        context.SetInteger(StackedImbalancesOut, summary.MaxStacked);
        if (_emit)
        {
            var totals = _core.Totals;
            context.Emit(new Footprint
            {
                Symbol = context.Symbol,
                Timeframe = closed.Timeframe,
                EventTime = context.EventTime,
                PricePrecision = _pricePrecision,
                SizePrecision = _sizePrecision,
                BuyImbalances = (ushort)Math.Min(summary.BuyImbalances, ushort.MaxValue),
                SellImbalances = (ushort)Math.Min(summary.SellImbalances, ushort.MaxValue),
                MaxStackedImbalances = (ushort)Math.Min(summary.MaxStacked, ushort.MaxValue),
                LevelCount = _core.LevelCount,
                BarTime = closed.OpenTime,
                PocRaw = summary.Poc,
                MaxImbalancePriceRaw = summary.MaxImbalancePrice,
                MaxImbalanceRatio = summary.MaxImbalanceRatio,
                DeltaRaw = totals.Delta,
                TotalVolumeRaw = totals.Volume,
            });
        }
        _core.Reset();
    }

    // Cold: once per node life, allocates the ladder.
    private void Start(in Tick t)
    {
        _pricePrecision = t.PricePrecision;
        _sizePrecision = t.SizePrecision;
        _core = FootprintState.Create(RawTickSize.From(_tickSize, t.PricePrecision), _ratio, _levels);
        _started = true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        _classifier.Write(ref writer);
        writer.WriteInt64(_lastClosedOpen);
        writer.WriteBoolean(_started);
        if (!_started)
            return;
        writer.WriteByte(_pricePrecision);
        writer.WriteByte(_sizePrecision);
        CoreSnapshot.Write(ref writer, _core.SnapshotSize, in _core, static (in core, destination) => core.WriteTo(destination));
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _classifier.Read(ref reader);
        _lastClosedOpen = reader.ReadInt64();
        _started = reader.ReadBoolean();
        if (!_started)
            return;
        _pricePrecision = reader.ReadByte();
        _sizePrecision = reader.ReadByte();
        _core = FootprintState.ReadFrom(CoreSnapshot.Read(ref reader));
    }
}
