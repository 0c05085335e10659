using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volume;
using TradingEngine.Types;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>cumulative_delta</c>: Σ buy − Σ sell aggressive volume since the session opened (exact integer sums,
/// reset on the first trade of each session, trades between sessions ignored: see
/// <see cref="CumulativeDeltaState"/>); trades are classified as in <c>delta_volume</c>. Output <c>value</c> in
/// size units. With <c>emit: true</c> each value also goes to the output ring as a <see cref="CumulativeDelta"/>.
/// </summary>
internal struct CumulativeDeltaNode : INode<CumulativeDeltaNode>
{
    private const int TicksIn = 0;
    private const int QuotesIn = 1;
    private const int ValueOut = 0;

    private TradeClassifier _classifier;
    private CumulativeDeltaState _core;
    private SessionCalendar _schedule;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "cumulative_delta",
        "Session cumulative delta (aggressive buy - sell volume), reset at each session open.",
        [SessionParameter.Spec, StandardInput.Emit],
        PortList.Of(
            (TicksIn, new InputPort("ticks", PortType.Tick)),
            (QuotesIn, new InputPort("quotes", PortType.Quote, Optional: true, Description: "latest BBO for the quote rule when ticks carry none"))),
        PortList.Of((ValueOut, new OutputPort("value", PortType.Number))));

    /// <inheritdoc/>
    public static CumulativeDeltaNode Create(NodeParameters parameters)
    {
        var schedule = SessionParameter.Read(parameters);
        return new CumulativeDeltaNode { _core = CumulativeDeltaState.Create(schedule), _schedule = schedule, _emit = parameters.Boolean("emit") };
    }

    /// <inheritdoc/>
    // Inlined into compiled plans like cross_signal: a classification, a sum and one output per trade, which the call
    // around it cost a sizeable part of.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Evaluate(NodeContext context)
    {
        _classifier.ObserveQuote(context, QuotesIn);
        if (!context.Changed(TicksIn))
            return false;
        ref readonly var t = ref context.Tick;
        var side = _classifier.Classify(in t);
        if (!_core.Update(t.EventTime, side, t.SizeRaw, out var value))
            return false;
        context.SetNumber(ValueOut, FixedPoint.ToDouble(value, t.SizePrecision));
        if (_emit)
        {
            context.Emit(new CumulativeDelta
            {
                Symbol = context.Symbol,
                EventTime = context.EventTime,
                SizePrecision = t.SizePrecision,
                ValueRaw = value,
                SessionStart = _core.Session.Start,
            });
        }
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        _classifier.Write(ref writer);
        CoreSnapshot.Write(ref writer, CumulativeDeltaState.SnapshotSize, in _core, static (in core, destination) => core.WriteTo(destination));
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _classifier.Read(ref reader);
        _core = CumulativeDeltaState.ReadFrom(CoreSnapshot.Read(ref reader), _schedule);
    }
}
