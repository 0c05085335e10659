using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volume;
using TradingEngine.Types;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>volume_profile</c>: volume per price level (the instrument's <c>tick_size</c>) over the current session
/// (<c>mode: session</c>, <see cref="SessionVolumeProfile"/>) or over the trades of the last <c>window</c> of
/// event time (<c>mode: rolling</c>, <see cref="RollingVolumeProfile"/>), with the point of control and the
/// <c>value_area</c> % value area (procedure and tie rules: <see cref="VolumeProfileState.ComputeValueArea"/>).
/// Adding a trade is O(1); the value area is O(levels), so it is recomputed when the optional <c>refresh</c>
/// candle input changes (e.g. <c>candles:1m</c>), or on every tick when <c>refresh</c> is unbound.
/// Outputs <c>poc</c>, <c>vah</c>, <c>val</c> (prices) and <c>volume</c> (size units, the profile's total).
/// With <c>emit: true</c> each refresh also goes to the output ring as a <see cref="VolumeProfile"/>.
/// The ladder is made on the first tick (raw tick size depends on the tick's price precision).
/// </summary>
internal struct VolumeProfileNode : INode<VolumeProfileNode>
{
    private const int TicksIn = 0;
    private const int RefreshIn = 1;
    private const int PocOut = 0;
    private const int VahOut = 1;
    private const int ValOut = 2;
    private const int VolumeOut = 3;

    private static readonly string[] Modes = ["session", "rolling"];

    private SessionVolumeProfile _session;
    private RollingVolumeProfile _rolling;
    private SessionCalendar _schedule;
    private Timeframe _window;
    private double _tickSize;
    private int _levels;
    private int _trades;
    private int _percent;
    private byte _pricePrecision;
    private byte _sizePrecision;
    private bool _isRolling;
    private bool _started;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "volume_profile",
        "Volume per price level over the session or a rolling window: point of control and value area.",
        [
            ParameterSpec.Number("tick_size", null, 1e-9, 1e9, "price step of one level (the instrument's tick)"),
            ParameterSpec.Choice("mode", "session", Modes, "session: reset at each session open; rolling: the last 'window' of trades"),
            SessionParameter.With("utc"),
            ParameterSpec.TimeframeValue("window", Timeframe.OneHour, "rolling window length (mode rolling)"),
            ParameterSpec.Integer("value_area", 70, 1, 100, "value area, percent of the profile's volume"),
            ParameterSpec.Integer("levels", 1024, 4, 1 << 20, "pre-sized levels (grows once if the range is wider)"),
            ParameterSpec.Integer("trades", 65_536, 2, 1 << 24, "pre-sized trades in the rolling window (grows once if more)"),
            StandardInput.Emit,
        ],
        PortList.Of(
            (TicksIn, new InputPort("ticks", PortType.Tick)),
            (RefreshIn, new InputPort("refresh", PortType.Candle, Optional: true, Description: "recompute POC/VAH/VAL when this changes (unbound: every tick)"))),
        PortList.Of(
            (PocOut, new OutputPort("poc", PortType.Number, "point of control")),
            (VahOut, new OutputPort("vah", PortType.Number, "value area high")),
            (ValOut, new OutputPort("val", PortType.Number, "value area low")),
            (VolumeOut, new OutputPort("volume", PortType.Number, "total volume of the profile"))));

    /// <inheritdoc/>
    public static VolumeProfileNode Create(NodeParameters parameters) => new()
    {
        _tickSize = parameters.Number("tick_size"),
        _isRolling = parameters.Text("mode") == "rolling",
        _schedule = SessionParameter.Read(parameters),
        _window = parameters.Timeframe("window"),
        _percent = parameters.Int32("value_area"),
        _levels = parameters.Int32("levels"),
        _trades = parameters.Int32("trades"),
        _emit = parameters.Boolean("emit"),
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        // Per tick only the O(1) add runs here; the rolling window and the O(levels) refresh are out of line, so
        // the common path stays small enough to inline into the step's trampoline.
        if (context.Changed(TicksIn))
        {
            ref readonly var t = ref context.Tick;
            if (!_started)
                Start(in t);
            if (_isRolling)
                AddRolling(in t);
            else if (!_session.Add(t.EventTime, t.PriceRaw, t.SizeRaw))
                return false;
        }
        if (!_started || (context.Count(RefreshIn) != 0 && !context.Changed(RefreshIn)))
            return false;
        return Refresh(context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddRolling(in Tick t) => _rolling.Add(t.EventTime, t.PriceRaw, t.SizeRaw);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly bool Refresh(NodeContext context)
    {
        var area = _isRolling ? _rolling.ComputeValueArea(_percent) : _session.ComputeValueArea(_percent);
        if (area.IsEmpty)
            return false;
        context.SetNumber(PocOut, FixedPoint.ToDouble(area.PointOfControl, _pricePrecision));
        context.SetNumber(VahOut, FixedPoint.ToDouble(area.ValueAreaHigh, _pricePrecision));
        context.SetNumber(ValOut, FixedPoint.ToDouble(area.ValueAreaLow, _pricePrecision));
        context.SetNumber(VolumeOut, FixedPoint.ToDouble(area.TotalVolume, _sizePrecision));
        if (_emit)
            Emit(context, in area);
        return true;
    }

    private readonly void Emit(NodeContext context, in ValueArea area) => context.Emit(new VolumeProfile
    {
        Symbol = context.Symbol,
        Timeframe = _isRolling ? _window : default,
        EventTime = context.EventTime,
        PricePrecision = _pricePrecision,
        SizePrecision = _sizePrecision,
        ValueAreaBasisPoints = (ushort)(_percent * 100),
        LevelCount = _isRolling ? _rolling.Profile.LevelCount : _session.Profile.LevelCount,
        PocRaw = area.PointOfControl,
        VahRaw = area.ValueAreaHigh,
        ValRaw = area.ValueAreaLow,
        TotalVolumeRaw = area.TotalVolume,
        SessionStart = _isRolling ? context.EventTime - _window.Nanos : _session.Session.Start,
    });

    // Cold: once per node life, allocates the ladder (and the rolling ring).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Start(in Tick t)
    {
        _pricePrecision = t.PricePrecision;
        _sizePrecision = t.SizePrecision;
        var tick = RawTickSize.From(_tickSize, t.PricePrecision);
        if (_isRolling)
            _rolling = RollingVolumeProfile.Create(_window.Nanos, tick, _levels, _trades);
        else
            _session = SessionVolumeProfile.Create(_schedule, tick, _levels);
        _started = true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteBoolean(_started);
        if (!_started)
            return;
        writer.WriteByte(_pricePrecision);
        writer.WriteByte(_sizePrecision);
        if (_isRolling)
            CoreSnapshot.Write(ref writer, _rolling.SnapshotSize, in _rolling, static (in core, destination) => core.WriteTo(destination));
        else
            CoreSnapshot.Write(ref writer, _session.SnapshotSize, in _session, static (in core, destination) => core.WriteTo(destination));
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _started = reader.ReadBoolean();
        if (!_started)
            return;
        _pricePrecision = reader.ReadByte();
        _sizePrecision = reader.ReadByte();
        if (_isRolling)
            _rolling = RollingVolumeProfile.ReadFrom(CoreSnapshot.Read(ref reader));
        else
            _session = SessionVolumeProfile.ReadFrom(CoreSnapshot.Read(ref reader), _schedule);
    }
}
