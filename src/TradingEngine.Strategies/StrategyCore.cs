using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Strategies.Positions;
using TradingEngine.Types;

namespace TradingEngine.Strategies;

/// <summary>
/// What every strategy node shares (docs/strategies.md §3–5): risk sizing, the simulated position tracker, the
/// time exit, and the messages (TradeSignal, RiskMetric, PositionUpdate) and outputs (position, realized and
/// unrealized PnL) that go with them. Held by value inside each node; no allocation after <see cref="Create"/>.
/// </summary>
internal struct StrategyCore
{
    public const int OutputPosition = 0;
    public const int OutputRealized = 1;
    public const int OutputUnrealized = 2;

    private PositionTracker _tracker;
    private double _tickSize;
    private double _stopBufferTicks;
    private double _targetR;
    private double _riskPerTrade;
    private double _pointValue;
    private long _maxQuantity;
    private long _maxBars;
    private long _tickRaw;
    private int _precision;
    private long _barsInTrade;
    private long _lastMark;
    private Timeframe _timeframe;
    private byte _sizePrecision;
    private uint _numberPorts;
    private uint _integerPorts;
    private bool _flattenOnRoll;

    public static ParameterSpec[] Parameters =>
    [
        ParameterSpec.Number("tick_size", 0.25, 1e-9, 1e9, "instrument tick size (stop buffer and slippage are in ticks)"),
        ParameterSpec.Number("stop_buffer_ticks", 1.0, 0.0, 1e6, "ticks beyond the structure the stop is placed"),
        ParameterSpec.Number("target_r", 2.0, 0.1, 100.0, "target distance in multiples of the stop distance (R)"),
        ParameterSpec.Number("risk_per_trade", 500.0, 0.01, 1e12, "money at risk per trade; sizes the position"),
        ParameterSpec.Number("point_value", 50.0, 1e-9, 1e9, "money per unit per point of price (ES 50, NQ 20, stocks 1)"),
        ParameterSpec.Integer("max_quantity", 10, 1, 1_000_000, "largest position in units"),
        ParameterSpec.Integer("max_bars", 60, 1, 1_000_000, "trigger-timeframe bars after which an open trade is closed"),
        ParameterSpec.Number("slippage_ticks", 1.0, 0.0, 1e6, "ticks every market fill moves against the order"),
        ParameterSpec.Number("commission", 0.0, 0.0, 1e6, "commission per unit per fill"),
        ParameterSpec.Choice("on_roll", "carry", ["carry", "flatten"], "at a futures roll (a contract_roll on the bound gaps input): carry the position to the new contract, or flatten it at the old contract's price (docs/rolls.md)")
            .RequiringInput("flatten", "gaps", "without it the node never sees a roll and carries its position across it"),
    ];

    public static OutputPort[] Outputs =>
        PortList.Of(
            (OutputPosition, new OutputPort("position", PortType.Integer, "+1 long, -1 short, 0 flat")),
            (OutputRealized, new OutputPort("realized_pnl", PortType.Number, "cumulative realized PnL, commissions included")),
            (OutputUnrealized, new OutputPort("unrealized_pnl", PortType.Number, "open PnL at the last trigger close or tick")));

    /// <summary>The shared state of a strategy with these parameters and input ports (their types tell how a trigger's value is read).</summary>
    public static StrategyCore Create(NodeParameters p, IReadOnlyList<InputPort> inputs) => new()
    {
        _numberPorts = TriggerPorts.Mask(inputs, PortType.Number),
        _integerPorts = TriggerPorts.Mask(inputs, PortType.Integer),
        _tracker = PositionTracker.Create(p.Number("slippage_ticks") * p.Number("tick_size"), p.Number("commission"), p.Number("point_value")),
        _tickSize = p.Number("tick_size"),
        _stopBufferTicks = p.Number("stop_buffer_ticks"),
        _targetR = p.Number("target_r"),
        _riskPerTrade = p.Number("risk_per_trade"),
        _pointValue = p.Number("point_value"),
        _maxQuantity = p.Integer("max_quantity"),
        _maxBars = p.Integer("max_bars"),
        _flattenOnRoll = p.Text("on_roll") == "flatten",
        _precision = -1,
    };

    public readonly PositionSide Side => _tracker.Side;

    public readonly bool IsFlat => _tracker.Side == PositionSide.Flat && !_tracker.HasPending;

    public readonly long TickRaw => _tickRaw;

    /// <summary>The stop buffer in raw units.</summary>
    public readonly long BufferRaw => (long)Math.Round(_stopBufferTicks * _tickRaw, MidpointRounding.AwayFromZero);

    /// <summary>Adopts the trigger candles' precision and timeframe (first bar; cheap afterwards).</summary>
    public void Bind(in Candle bar)
    {
        _timeframe = bar.Timeframe;
        _sizePrecision = bar.SizePrecision;
        if (_precision == bar.PricePrecision)
            return;
        _precision = bar.PricePrecision;
        _tickRaw = Math.Max(1, (long)Math.Round(_tickSize * FixedPoint.Pow10(_precision), MidpointRounding.AwayFromZero));
        _tracker.BindPrecision(_precision);
    }

    /// <summary>Tick mode: fills pending orders, stops and targets at this trade.</summary>
    public bool OnTick(NodeContext context, in Tick tick)
    {
        if (_precision < 0)
            return false;
        _lastMark = tick.PriceRaw;
        var held = _tracker.Side;
        if (_tracker.OnTick(tick.EventTime, tick.PriceRaw) == 0)
            return false;
        EmitFills(context, tick.Symbol, held);
        return true;
    }

    /// <summary>
    /// A gap event on the node's <c>gaps</c> input: at a contract roll with <c>on_roll: flatten</c>, closes the position at
    /// the last price the node saw (its last tick, or without ticks the last trigger bar's close), which is the old
    /// contract's last trade before the roll, the roll's reference price (docs/rolls.md); a pending entry is cancelled.
    /// Emits the exit signal (reason contract_roll) and the fill's PositionUpdate. False when nothing changed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool OnGap(NodeContext context)
    {
        ref readonly var gap = ref context.Event.Gap;
        if (!_flattenOnRoll || gap.Reason != GapReason.ContractRoll || _precision < 0)
            return false;
        var held = _tracker.Side;
        if (_tracker.Flatten(gap.EventTime, _lastMark, out var cancelled) == 0 && cancelled == PositionSide.Flat)
            return false;
        var s = new TradeSignal
        {
            Symbol = gap.Symbol,
            Timeframe = _timeframe,
            EventTime = gap.EventTime,
            Action = SignalAction.Exit,
            Side = held != PositionSide.Flat ? held : cancelled,
            PricePrecision = (byte)_precision,
            ReasonCode = (ushort)SignalReason.ContractRoll,
            PriceRaw = _lastMark,
        };
        context.Emit(in s);
        EmitFills(context, gap.Symbol, held);
        WriteOutputs(context);
        return true;
    }

    /// <summary>Bar mode (no ticks bound): fills pending orders at this bar's open, then stops and targets on its range.</summary>
    public bool OnBarFills(NodeContext context, in Candle bar)
    {
        var held = _tracker.Side;
        if (_tracker.OnBar(in bar) == 0)
            return false;
        EmitFills(context, bar.Symbol, held);
        return true;
    }

    /// <summary>
    /// After the trigger bar's rules ran: counts bars in trade, closes a trade at max bars, marks an open position
    /// (a PositionUpdate with unrealized PnL at the close), and writes the outputs.
    /// </summary>
    public void OnBarClosed(NodeContext context, in Candle bar)
    {
        _lastMark = bar.CloseRaw;
        if (_tracker.Side != PositionSide.Flat && !_tracker.HasPending)
        {
            if (++_barsInTrade >= _maxBars)
                Exit(context, in bar, SignalReason.TimeExit, default);
            else
                EmitPosition(context, bar.Symbol, bar.CloseTime, bar.CloseRaw);
        }
        WriteOutputs(context);
    }

    public readonly void WriteOutputs(NodeContext context)
    {
        context.SetInteger(OutputPosition, _tracker.Side switch { PositionSide.Long => 1, PositionSide.Short => -1, _ => 0 });
        context.SetNumber(OutputRealized, _tracker.RealizedPnl);
        context.SetNumber(OutputUnrealized, _tracker.Unrealized(_lastMark));
    }

    /// <summary>
    /// Sizes and submits an entry at the bar's close price with <paramref name="stopRaw"/>; emits the entry and its
    /// protective stop (TradeSignal) and the plan (RiskMetric). False when flat-only or the risk budget refuses it.
    /// </summary>
    // This and the other emitters are cold (once per trade, fill or bar in a trade) and build big message structs:
    // inlined into a node's Evaluate, those structs enlarged its frame, which was zeroed on every bar.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool TryEnter(NodeContext context, in Candle bar, PositionSide side, long stopRaw, SignalReason reason, NodeIdList triggers)
    {
        if (!IsFlat)
            return false;
        if (!RiskPlan.TryCreate(side, bar.CloseRaw, stopRaw, _tickRaw, _precision, _targetR, _riskPerTrade, _pointValue, _maxQuantity, out var plan))
            return false;
        if (!_tracker.SubmitEntry(side, plan.Quantity, plan.StopRaw, plan.TargetRaw))
            return false;
        _barsInTrade = 0;
        EmitSignal(context, in bar, SignalAction.Entry, side, bar.CloseRaw, reason, triggers);
        EmitSignal(context, in bar, SignalAction.Stop, side, plan.StopRaw, SignalReason.ProtectiveStop, triggers);
        var risk = new RiskMetric
        {
            Symbol = bar.Symbol,
            Timeframe = bar.Timeframe,
            EventTime = bar.CloseTime,
            Side = side,
            PricePrecision = bar.PricePrecision,
            SizePrecision = bar.SizePrecision,
            EntryRaw = plan.EntryRaw,
            StopRaw = plan.StopRaw,
            TargetRaw = plan.TargetRaw,
            PositionSizeRaw = plan.Quantity * FixedPoint.Pow10(bar.SizePrecision),
            RMultiple = plan.RMultiple,
        };
        context.Emit(in risk);
        return true;
    }

    /// <summary>Submits a market exit of the open position and emits the exit signal.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Exit(NodeContext context, in Candle bar, SignalReason reason, NodeIdList triggers)
    {
        var side = _tracker.Side;
        if (!_tracker.SubmitExit())
            return false;
        EmitSignal(context, in bar, SignalAction.Exit, side, bar.CloseRaw, reason, triggers);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void EmitSignal(NodeContext context, in Candle bar, SignalAction action, PositionSide side, long priceRaw, SignalReason reason, NodeIdList triggers)
    {
        var s = new TradeSignal
        {
            Symbol = bar.Symbol,
            Timeframe = bar.Timeframe,
            EventTime = bar.CloseTime,
            Action = action,
            Side = side,
            PricePrecision = bar.PricePrecision,
            ReasonCode = (ushort)reason,
            PriceRaw = priceRaw,
            Triggers = triggers,
            TriggerValues = TriggerPorts.Values(context, triggers, _numberPorts, _integerPorts),
        };
        context.Emit(in s);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitFills(NodeContext context, SymbolId symbol, PositionSide held)
    {
        foreach (ref readonly var f in _tracker.Fills)
        {
            if (f.Reason is FillReason.Stop or FillReason.Target)
            {
                var s = new TradeSignal
                {
                    Symbol = symbol,
                    Timeframe = _timeframe,
                    EventTime = f.Time,
                    Action = SignalAction.Exit,
                    Side = held,
                    PricePrecision = (byte)_precision,
                    ReasonCode = (ushort)(f.Reason == FillReason.Stop ? SignalReason.StopHit : SignalReason.TargetHit),
                    PriceRaw = f.PriceRaw,
                };
                context.Emit(in s);
            }
            var u = new PositionUpdate
            {
                Symbol = symbol,
                Timeframe = _timeframe,
                EventTime = f.Time,
                Side = f.Side,
                PricePrecision = (byte)_precision,
                SizePrecision = _sizePrecision,
                QuantityRaw = f.Side == PositionSide.Flat ? 0 : f.Quantity * FixedPoint.Pow10(_sizePrecision),
                MarkPriceRaw = f.PriceRaw,
                AveragePrice = f.AveragePrice,
                RealizedPnl = f.RealizedPnl,
                UnrealizedPnl = f.Side == PositionSide.Flat ? 0 : (FixedPoint.ToDouble(f.PriceRaw, _precision) - f.AveragePrice) * f.Quantity * _pointValue * (f.Side == PositionSide.Long ? 1 : -1),
            };
            context.Emit(in u);
            if (f.Side != PositionSide.Flat)
                held = f.Side;
            _lastMark = f.PriceRaw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitPosition(NodeContext context, SymbolId symbol, long time, long markRaw)
    {
        var u = new PositionUpdate
        {
            Symbol = symbol,
            Timeframe = _timeframe,
            EventTime = time,
            Side = _tracker.Side,
            PricePrecision = (byte)_precision,
            SizePrecision = _sizePrecision,
            QuantityRaw = _tracker.Quantity * FixedPoint.Pow10(_sizePrecision),
            MarkPriceRaw = markRaw,
            AveragePrice = _tracker.AveragePrice,
            RealizedPnl = _tracker.RealizedPnl,
            UnrealizedPnl = _tracker.Unrealized(markRaw),
        };
        context.Emit(in u);
    }

    public readonly void WriteState(ref StateWriter w)
    {
        _tracker.WriteState(ref w);
        w.WriteInt32(_precision);
        w.WriteInt64(_tickRaw);
        w.WriteInt64(_barsInTrade);
        w.WriteInt64(_lastMark);
        w.WriteInt32(_timeframe.Seconds);
        w.WriteByte(_sizePrecision);
    }

    public void ReadState(ref StateReader r)
    {
        _tracker.ReadState(ref r);
        _precision = r.ReadInt32();
        _tickRaw = r.ReadInt64();
        _barsInTrade = r.ReadInt64();
        _lastMark = r.ReadInt64();
        var seconds = r.ReadInt32();
        _timeframe = seconds == 0 ? default : new Timeframe(seconds);
        _sizePrecision = r.ReadByte();
    }
}
