using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Strategies;

/// <summary>
/// <c>liquidity_breakout</c> (docs/strategies.md §7). Definition, on each closed trigger candle while flat: a
/// liquidity node reporting in this event a sell-side sweep with close back (+1) → long, stop below the bar's low;
/// a buy-side sweep (−1) → short, stop above the bar's high; a buy-side level broken with a close beyond (+2) and
/// positive bar delta → long; a sell-side break (−2) with negative bar delta → short (breaks need the delta input).
/// Bar delta = change of the running cumulative delta input between trigger closes. Stop buffer, sizing, target,
/// time exit and simulated fills as in <see cref="StrategyCore"/>.
/// </summary>
internal struct LiquidityBreakoutNode : INode<LiquidityBreakoutNode>
{
    private const int Candles = 0, Ticks = 1, Sweep = 2, Delta = 3, Gaps = 4;

    private StrategyCore _core;
    private double _lastDelta;
    private bool _hasDelta;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "liquidity_breakout",
        "Fade liquidity sweeps that close back; follow level breaks with delta in the break's direction.",
        StrategyCore.Parameters,
        PortList.Of(
            (Candles, new InputPort("candles", PortType.Candle, Description: "trigger candles (closed)")),
            (Ticks, new InputPort("ticks", PortType.Tick, Optional: true, Description: "fills at the next tick; without it, at the next bar's open")),
            (Sweep, new InputPort("sweep", PortType.Integer, Description: "a liquidity_levels node's event output")),
            (Delta, new InputPort("delta", PortType.Number, Optional: true, Description: "running cumulative delta; breaks need its change over the bar")),
            (Gaps, new InputPort("gaps", PortType.Gap, Optional: true, Description: "bind gaps: a contract roll then carries or flattens the position (on_roll)"))),
        StrategyCore.Outputs);

    /// <inheritdoc/>
    public static LiquidityBreakoutNode Create(NodeParameters parameters) => new() { _core = StrategyCore.Create(parameters, Describe().Inputs) };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (context.Count(Gaps) > 0 && context.Changed(Gaps))
            return _core.OnGap(context);
        var tickMode = context.Count(Ticks) > 0;
        var changed = tickMode && context.Changed(Ticks) && _core.OnTick(context, context.Tick);
        if (!context.Changed(Candles))
        {
            if (changed)
                _core.WriteOutputs(context);
            return changed;
        }
        ref readonly var bar = ref context.Candle(Candles);
        if (_started && bar.OpenTime <= _lastOpen)
            return changed;
        _started = true;
        _lastOpen = bar.OpenTime;
        _core.Bind(in bar);
        if (!tickMode)
            _core.OnBarFills(context, in bar);

        var barDelta = 0.0;
        if (context.Count(Delta) > 0 && context.IsValid(Delta))
        {
            var d = context.Number(Delta);
            barDelta = _hasDelta ? d - _lastDelta : 0.0;
            _lastDelta = d;
            _hasDelta = true;
        }
        var sweep = context.Changed(Sweep) && context.IsValid(Sweep) ? context.Integer(Sweep) : 0;
        if (sweep != 0 && _core.IsFlat)
        {
            var buffer = _core.BufferRaw;
            switch (sweep)
            {
                case 1:
                    _core.TryEnter(context, in bar, PositionSide.Long, bar.LowRaw - buffer, SignalReason.SweepReclaim, NodeIdList.Of(TriggerPorts.Code(Sweep)));
                    break;
                case -1:
                    _core.TryEnter(context, in bar, PositionSide.Short, bar.HighRaw + buffer, SignalReason.SweepReclaim, NodeIdList.Of(TriggerPorts.Code(Sweep)));
                    break;
                case 2 when barDelta > 0:
                    _core.TryEnter(context, in bar, PositionSide.Long, bar.LowRaw - buffer, SignalReason.LevelBreak, NodeIdList.Of(TriggerPorts.Code(Sweep), TriggerPorts.Code(Delta)));
                    break;
                case -2 when barDelta < 0:
                    _core.TryEnter(context, in bar, PositionSide.Short, bar.HighRaw + buffer, SignalReason.LevelBreak, NodeIdList.Of(TriggerPorts.Code(Sweep), TriggerPorts.Code(Delta)));
                    break;
            }
        }
        _core.OnBarClosed(context, in bar);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteBoolean(_started);
        writer.WriteInt64(_lastOpen);
        writer.WriteBoolean(_hasDelta);
        writer.WriteDouble(_lastDelta);
        _core.WriteState(ref writer);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _started = reader.ReadBoolean();
        _lastOpen = reader.ReadInt64();
        _hasDelta = reader.ReadBoolean();
        _lastDelta = reader.ReadDouble();
        _core.ReadState(ref reader);
    }
}
