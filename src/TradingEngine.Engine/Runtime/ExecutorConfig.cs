namespace TradingEngine.Engine.Runtime;

/// <summary>One executor thread of the process: its name, optional core, and the symbols (and their pipelines) it owns.</summary>
public sealed record ExecutorConfig(string Name, int? Cpu, IReadOnlyList<SymbolAssignment> Symbols, int Line);
