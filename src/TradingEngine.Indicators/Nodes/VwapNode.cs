using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Types;
using VwapMessage = TradingEngine.Types.Vwap;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>vwap</c>: session VWAP of a candle series, typical price (H+L+C)/3 × volume, with ±1σ/±2σ bands
/// (volume-weighted σ of the typical price). Outputs <c>vwap</c>, <c>upper_1</c>, <c>lower_1</c>,
/// <c>upper_2</c>, <c>lower_2</c>, <c>volume</c>. Formula, anchoring (a candle belongs to the session containing
/// its open time; candles between sessions are ignored) and references: see <see cref="VwapState"/>.
/// With <c>emit: true</c> each value also goes to the output ring as a <see cref="VwapMessage"/>.
/// </summary>
internal struct VwapNode : INode<VwapNode>
{
    private const int CandlesIn = 0;

    private VwapState _core;
    private SessionCalendar _schedule;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "vwap",
        "Session VWAP of candles (typical price x volume) with 1 and 2 standard deviation bands.",
        [SessionParameter.Spec, StandardInput.Emit],
        PortList.Of((CandlesIn, new InputPort("candles", PortType.Candle, Description: "candles:TF (closed bars) or external:TF"))),
        VwapOutputs.Ports);

    /// <inheritdoc/>
    public static VwapNode Create(NodeParameters parameters)
    {
        var schedule = SessionParameter.Read(parameters);
        return new VwapNode { _core = VwapState.Create(schedule), _schedule = schedule, _emit = parameters.Boolean("emit") };
    }

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var c = ref context.Candle(CandlesIn);
        var p = c.PricePrecision;
        if (!_core.UpdateCandle(c.OpenTime, FixedPoint.ToDouble(c.HighRaw, p), FixedPoint.ToDouble(c.LowRaw, p), FixedPoint.ToDouble(c.CloseRaw, p),
                FixedPoint.ToDouble(c.VolumeRaw, c.SizePrecision), out var v))
            return false;
        VwapOutputs.Set(context, v.Vwap, v.StdDev, v.Volume);
        if (_emit)
            VwapOutputs.Emit(context, c.Timeframe, v.SessionStartUtcNanos);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer) => CoreSnapshot.Write(ref writer, VwapState.SnapshotSize, in _core, static (in core, destination) => core.WriteTo(destination));

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader) => _core = VwapState.ReadFrom(CoreSnapshot.Read(ref reader), _schedule);
}
