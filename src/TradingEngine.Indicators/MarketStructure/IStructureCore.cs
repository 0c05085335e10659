using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// A market-structure detector as <see cref="StructureNode{TCore}"/> runs it: it declares its node kind, how it is
/// created from the node's parameters, how it folds one closed candle and how it snapshots; and what one bar
/// publishes (outputs and catalog messages). The node does the rest: the candle input, folding each candle once,
/// the snapshot framing.
/// </summary>
/// <remarks>
/// Implement it on the detector struct (the node-facing members in a <c>Detector.Node.cs</c> partial file) and
/// register <c>StructureNode&lt;TheDetector&gt;</c>: every call goes through the struct type parameter, direct and
/// inlinable, with no allocation after <see cref="Create"/>.
/// </remarks>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface IStructureCore<TSelf>
    where TSelf : struct, IStructureCore<TSelf>
{
    /// <summary>The kind's name, parameters and outputs; its input is <see cref="StructureParameters.Inputs"/>.</summary>
    static abstract NodeKindInfo Describe();

    /// <summary>A detector from checked parameters.</summary>
    static abstract TSelf Create(NodeParameters parameters);

    /// <summary>Folds closed candle <paramref name="bar"/>; returns the detector's flags for this bar (passed to <see cref="Publish"/>).</summary>
    int Update(in Candle bar);

    /// <summary>Writes this bar's outputs and emits its catalog messages, after <see cref="Update"/> returned <paramref name="flags"/>.</summary>
    void Publish(NodeContext context, in Candle bar, int flags);

    /// <summary>Writes the detector's whole state.</summary>
    void WriteState(ref StateWriter writer);

    /// <summary>Restores the state written by <see cref="WriteState"/> into a detector made by <see cref="Create"/> with the same parameters.</summary>
    void ReadState(ref StateReader reader);
}
