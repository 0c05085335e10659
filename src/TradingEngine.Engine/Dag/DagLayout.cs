namespace TradingEngine.Engine.Dag;

/// <summary>
/// The flat arrays of a compiled DAG, as <see cref="DagCompiler"/> builds them and hands them to
/// <see cref="CompiledDag"/>'s constructor (which owns them from then on): see the accessors of the same names there.
/// </summary>
internal readonly record struct DagLayout(
    int BoardSize,
    ulong Fingerprint,
    int[] PortBase,
    int[] OutputBase,
    int[] SignalStart,
    int[] Signals,
    int[] PortStart,
    int[] BindSlot,
    byte[] BindMode,
    int[] BindSignal,
    ulong[] Reach);
