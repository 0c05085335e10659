using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// The node of every one-series indicator (<c>sma</c>, <c>ema</c>, <c>wma</c>, <c>rsi</c>): a Number input or a candle
/// field (close by default, <see cref="StandardInput"/>) fed to core <typeparamref name="TCore"/>, whose value is
/// output <c>value</c>; with <c>emit: true</c> each value also goes to the output ring as the core's catalog message.
/// Formula, seed, lookback and reference are the core's (its file header); the node only feeds the core and copies
/// its output, so the node equals the core bit for bit.
/// </summary>
/// <remarks>
/// Snapshot: the core's own <c>WriteTo</c> bytes behind a length prefix (<see cref="CoreSnapshot"/>), the layout the
/// per-kind nodes it replaced wrote, so older snapshots restore unchanged.
/// </remarks>
/// <typeparam name="TCore">The indicator's streaming core.</typeparam>
internal struct SeriesNode<TCore> : INode<SeriesNode<TCore>>
    where TCore : struct, ISeriesCore<TCore>
{
    /// <summary>Output port: the indicator's value.</summary>
    public const int ValueOut = 0;

    private TCore _core;
    private int _field;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe()
    {
        var kind = TCore.Kind;
        return new(
            kind.Name,
            kind.Description,
            [StandardInput.Period(kind.DefaultPeriod), StandardInput.Field, StandardInput.Emit],
            StandardInput.Ports,
            PortList.Of((ValueOut, new OutputPort("value", PortType.Number))));
    }

    /// <inheritdoc/>
    public static SeriesNode<TCore> Create(NodeParameters parameters) => new()
    {
        _core = TCore.Create(parameters.Int32("period")),
        _field = StandardInput.FieldIndex(parameters),
        _emit = parameters.Boolean("emit"),
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (!StandardInput.TryRead(context, _field, out var x) || !_core.Update(x, out var value))
            return false;
        context.SetNumber(ValueOut, value);
        if (_emit)
            TCore.Emit(context, StandardInput.TimeframeOf(context), _core.Period, value);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer) => CoreSnapshot.Write(ref writer, _core.SnapshotSize, in _core, static (in core, destination) => core.WriteTo(destination));

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader) => _core = TCore.ReadFrom(CoreSnapshot.Read(ref reader));
}
