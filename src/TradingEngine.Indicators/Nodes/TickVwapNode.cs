using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Types;
using VwapMessage = TradingEngine.Types.Vwap;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>tick_vwap</c>: exact session VWAP of trades, Σ price × size / Σ size over raw fixed-point integers, with
/// ±1σ/±2σ bands. Outputs <c>vwap</c>, <c>upper_1</c>, <c>lower_1</c>, <c>upper_2</c>, <c>lower_2</c>,
/// <c>volume</c> (raw size units of the instrument). Sums, rounding and session rules: see
/// <see cref="TickVwapState"/>. The core is made on the first tick because its scale is the tick's price
/// precision (fixed per instrument), which parameters do not carry.
/// With <c>emit: true</c> each value also goes to the output ring as a <see cref="VwapMessage"/>.
/// </summary>
internal struct TickVwapNode : INode<TickVwapNode>
{
    private const int TicksIn = 0;

    private TickVwapState _core;
    private SessionCalendar _schedule;
    private bool _started;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "tick_vwap",
        "Exact session VWAP of trades (integer sums) with 1 and 2 standard deviation bands.",
        [SessionParameter.Spec, StandardInput.Emit],
        PortList.Of((TicksIn, new InputPort("ticks", PortType.Tick))),
        VwapOutputs.Ports);

    /// <inheritdoc/>
    public static TickVwapNode Create(NodeParameters parameters) =>
        new() { _schedule = SessionParameter.Read(parameters), _emit = parameters.Boolean("emit") };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var t = ref context.Tick;
        if (!_started)
            Start(t.PricePrecision);
        // The outputs come straight from the core's sums (the doubles TickVwapValue gives), not through the value.
        if (!_core.Add(t.EventTime, t.PriceRaw, t.SizeRaw))
            return false;
        VwapOutputs.Set(context, _core.Vwap, _core.StdDev, FixedPoint.ToDouble(_core.SumSizeRaw, t.SizePrecision));
        if (_emit)
            VwapOutputs.Emit(context, default, _core.Session.Start);
        return true;
    }

    // Cold: once per node life. Out of line so that Evaluate's frame does not carry (and zero) a whole core.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Start(int pricePrecision)
    {
        _core = TickVwapState.Create(_schedule, pricePrecision);
        _started = true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteBoolean(_started);
        if (_started)
            CoreSnapshot.Write(ref writer, TickVwapState.SnapshotSize, in _core, static (in core, destination) => core.WriteTo(destination));
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _started = reader.ReadBoolean();
        if (_started)
            _core = TickVwapState.ReadFrom(CoreSnapshot.Read(ref reader), _schedule);
    }
}
