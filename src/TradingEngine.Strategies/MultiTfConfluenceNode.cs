using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Oscillators;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Types;

namespace TradingEngine.Strategies;

/// <summary>
/// <c>multi_tf_confluence</c> (docs/strategies.md §9). Definition: each EMA input's slope is the sign of its last
/// change (its value now minus its previous value, taken whenever that input changes). On each closed trigger candle
/// the direction is +1 when every EMA slope is up and every bound structure trend is +1, −1 when all are down / −1,
/// else 0. While flat, when the direction becomes +1 (it was not on the previous trigger bar) and RSI &lt; rsi_long_max
/// → long; becomes −1 and RSI &gt; rsi_short_min → short. RSI is the rsi input when bound, else RSI(rsi_period) of the
/// trigger closes (<see cref="RsiState"/>). Stop = close ∓ atr_stop × ATR(atr_period) of the trigger candles
/// (<see cref="AtrState"/>). An open trade is closed when the direction turns against it.
/// </summary>
internal struct MultiTfConfluenceNode : INode<MultiTfConfluenceNode>
{
    private const int Candles = 0, Ticks = 1, Ema = 2, Trend = 3, Rsi = 4, Gaps = 5;
    private const int MaxBindings = 8;

    private StrategyCore _core;
    private double[] _emaLast;
    private double[] _emaPrev;
    private int[] _emaSeen;
    private RsiState _rsi;
    private AtrState _atr;
    private double _rsiValue;
    private double _atrValue;
    private bool _rsiReady;
    private bool _atrReady;
    private double _rsiLongMax;
    private double _rsiShortMin;
    private double _atrStop;
    private int _direction;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "multi_tf_confluence",
        "Enter when EMA slope and structure trend agree on every timeframe and RSI is not stretched against the trade.",
        [
            .. StrategyCore.Parameters,
            ParameterSpec.Integer("rsi_period", 14, 2, 10_000, "RSI period when no rsi input is bound"),
            ParameterSpec.Number("rsi_long_max", 70.0, 0.0, 100.0, "no long at or above this RSI"),
            ParameterSpec.Number("rsi_short_min", 30.0, 0.0, 100.0, "no short at or below this RSI"),
            ParameterSpec.Integer("atr_period", 14, 1, 10_000, "ATR period of the stop distance"),
            ParameterSpec.Number("atr_stop", 1.5, 0.01, 100.0, "stop distance in ATRs"),
        ],
        PortList.Of(
            (Candles, new InputPort("candles", PortType.Candle, Description: "trigger candles (closed)")),
            (Ticks, new InputPort("ticks", PortType.Tick, Optional: true, Description: "fills at the next tick; without it, at the next bar's open")),
            (Ema, new InputPort("ema", PortType.Number, Variadic: true, Description: "one EMA per timeframe (at most 8)")),
            (Trend, new InputPort("trend", PortType.Integer, Variadic: true, Optional: true, Description: "one structure trend per timeframe (break_of_structure.trend)")),
            (Rsi, new InputPort("rsi", PortType.Number, Optional: true, Description: "RSI; computed from the trigger closes when unbound")),
            (Gaps, new InputPort("gaps", PortType.Gap, Optional: true, Description: "bind gaps: a contract roll then carries or flattens the position (on_roll)"))),
        StrategyCore.Outputs);

    /// <inheritdoc/>
    public static MultiTfConfluenceNode Create(NodeParameters p) => new()
    {
        _core = StrategyCore.Create(p, Describe().Inputs),
        _emaLast = new double[MaxBindings],
        _emaPrev = new double[MaxBindings],
        _emaSeen = new int[MaxBindings],
        _rsi = RsiState.Create(p.Int32("rsi_period")),
        _atr = AtrState.Create(p.Int32("atr_period")),
        _rsiLongMax = p.Number("rsi_long_max"),
        _rsiShortMin = p.Number("rsi_short_min"),
        _atrStop = p.Number("atr_stop"),
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (context.Count(Gaps) > 0 && context.Changed(Gaps))
            return _core.OnGap(context);
        var tickMode = context.Count(Ticks) > 0;
        var changed = tickMode && context.Changed(Ticks) && _core.OnTick(context, context.Tick);
        var emas = Math.Min(context.Count(Ema), MaxBindings);
        for (var k = 0; k < emas; k++)
        {
            if (!context.Changed(Ema, k) || !context.IsValid(Ema, k))
                continue;
            _emaPrev[k] = _emaLast[k];
            _emaLast[k] = context.Number(Ema, k);
            if (_emaSeen[k] < 2)
                _emaSeen[k]++;
        }
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

        var p = bar.PricePrecision;
        var close = FixedPoint.ToDouble(bar.CloseRaw, p);
        if (_rsi.Update(close, out var rsi))
        {
            _rsiValue = rsi;
            _rsiReady = true;
        }
        if (_atr.Update(FixedPoint.ToDouble(bar.HighRaw, p), FixedPoint.ToDouble(bar.LowRaw, p), close, out var atr))
        {
            _atrValue = atr;
            _atrReady = true;
        }
        var rsiReady = _rsiReady;
        var rsiValue = _rsiValue;
        if (context.Count(Rsi) > 0)
        {
            rsiReady = context.IsValid(Rsi);
            rsiValue = rsiReady ? context.Number(Rsi) : 0;
        }

        var direction = Direction(context, emas);
        var previous = _direction;
        _direction = direction;
        if (_core.IsFlat)
        {
            if (direction != 0 && direction != previous && rsiReady && _atrReady)
                Enter(context, in bar, direction, rsiValue);
        }
        else if ((_core.Side == PositionSide.Long && direction < 0) || (_core.Side == PositionSide.Short && direction > 0))
        {
            ExitOnTurn(context, in bar);
        }
        _core.OnBarClosed(context, in bar);
        return true;
    }

    /// <summary>The entry rule once the direction has turned (cold: kept out of <see cref="Evaluate"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Enter(NodeContext context, in Candle bar, int direction, double rsiValue)
    {
        var distance = (long)Math.Round(_atrStop * _atrValue * FixedPoint.Pow10(bar.PricePrecision), MidpointRounding.AwayFromZero);
        var triggers = NodeIdList.Of(TriggerPorts.Code(Ema, TriggerPorts.AllBindings), TriggerPorts.Code(Trend, TriggerPorts.AllBindings), TriggerPorts.Code(Rsi));
        if (direction > 0 && rsiValue < _rsiLongMax)
            _core.TryEnter(context, in bar, PositionSide.Long, bar.CloseRaw - distance, SignalReason.Confluence, triggers);
        else if (direction < 0 && rsiValue > _rsiShortMin)
            _core.TryEnter(context, in bar, PositionSide.Short, bar.CloseRaw + distance, SignalReason.Confluence, triggers);
    }

    /// <summary>Closes the open trade when the direction turned against it (cold: kept out of <see cref="Evaluate"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ExitOnTurn(NodeContext context, in Candle bar) =>
        _core.Exit(context, in bar, SignalReason.RuleExit, NodeIdList.Of(TriggerPorts.Code(Ema, TriggerPorts.AllBindings), TriggerPorts.Code(Trend, TriggerPorts.AllBindings)));

    private readonly int Direction(NodeContext context, int emas)
    {
        if (emas == 0)
            return 0;
        var up = true;
        var down = true;
        for (var k = 0; k < emas; k++)
        {
            if (_emaSeen[k] < 2)
                return 0;
            up &= _emaLast[k] > _emaPrev[k];
            down &= _emaLast[k] < _emaPrev[k];
        }
        var trends = context.Count(Trend);
        for (var k = 0; k < trends; k++)
        {
            var t = context.IsValid(Trend, k) ? context.Integer(Trend, k) : 0;
            up &= t > 0;
            down &= t < 0;
        }
        return up ? 1 : down ? -1 : 0;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteBoolean(_started);
        writer.WriteInt64(_lastOpen);
        writer.WriteInt32(_direction);
        for (var k = 0; k < MaxBindings; k++)
        {
            writer.WriteDouble(_emaLast[k]);
            writer.WriteDouble(_emaPrev[k]);
            writer.WriteInt32(_emaSeen[k]);
        }
        var span = writer.GetSpan(_rsi.SnapshotSize);
        writer.Advance(_rsi.WriteTo(span));
        span = writer.GetSpan(_atr.SnapshotSize);
        writer.Advance(_atr.WriteTo(span));
        writer.WriteDouble(_rsiValue);
        writer.WriteDouble(_atrValue);
        writer.WriteBoolean(_rsiReady);
        writer.WriteBoolean(_atrReady);
        _core.WriteState(ref writer);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _started = reader.ReadBoolean();
        _lastOpen = reader.ReadInt64();
        _direction = reader.ReadInt32();
        for (var k = 0; k < MaxBindings; k++)
        {
            _emaLast[k] = reader.ReadDouble();
            _emaPrev[k] = reader.ReadDouble();
            _emaSeen[k] = reader.ReadInt32();
        }
        var size = _rsi.SnapshotSize;
        _rsi = RsiState.ReadFrom(reader.Peek()[..size]);
        reader.Skip(size);
        size = _atr.SnapshotSize;
        _atr = AtrState.ReadFrom(reader.Peek()[..size]);
        reader.Skip(size);
        _rsiValue = reader.ReadDouble();
        _atrValue = reader.ReadDouble();
        _rsiReady = reader.ReadBoolean();
        _atrReady = reader.ReadBoolean();
        _core.ReadState(ref reader);
    }
}
