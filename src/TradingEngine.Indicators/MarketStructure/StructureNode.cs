using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// The node of every market-structure kind (<c>swing_points</c>, <c>fair_value_gaps</c>, <c>order_blocks</c>,
/// <c>liquidity_levels</c>, <c>break_of_structure</c>): closed candles of any timeframe folded by detector
/// <typeparamref name="TCore"/>, each candle once, then the detector publishes the bar's outputs and messages.
/// Definitions are the detectors' (their file headers and docs/market_structure.md).
/// </summary>
/// <remarks>
/// A candle is folded once: a candle whose open time is not after the last folded one's is skipped (no output
/// change), which makes a re-fired or forming binding harmless. Snapshot: that guard (started, last open time) then
/// the detector's state, the layout the per-kind nodes it replaced wrote, so older snapshots restore unchanged.
/// </remarks>
/// <typeparam name="TCore">The detector.</typeparam>
internal struct StructureNode<TCore> : INode<StructureNode<TCore>>
    where TCore : struct, IStructureCore<TCore>
{
    private TCore _core;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => TCore.Describe();

    /// <inheritdoc/>
    public static StructureNode<TCore> Create(NodeParameters parameters) => new() { _core = TCore.Create(parameters) };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var bar = ref context.Candle(StructureParameters.CandlesIn);
        if (_started && bar.OpenTime <= _lastOpen)
            return false;
        _started = true;
        _lastOpen = bar.OpenTime;
        var flags = _core.Update(in bar);
        _core.Publish(context, in bar, flags);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteBoolean(_started);
        writer.WriteInt64(_lastOpen);
        _core.WriteState(ref writer);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _started = reader.ReadBoolean();
        _lastOpen = reader.ReadInt64();
        _core.ReadState(ref reader);
    }
}
