using NATS.Client.Core;
using TradingEngine.Engine.Dag;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

/// <summary>
/// <c>te replay --publish [PREFIX]</c>: where the replay's outputs go (the internal connection and a
/// <see cref="SubjectPrefix"/>), and the publisher it made, whose counts the command prints.
/// </summary>
public sealed class ReplayPublication(INatsConnection connection, string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>The publisher of the run (null until the replay built it).</summary>
    public ReplayOutputPublisher? Current { get; private set; }

    /// <summary>A publisher routing each output as the live engine does (node ids of each symbol's pipeline).</summary>
    public ReplayOutputPublisher Publisher(SymbolRegistry symbols, Func<SymbolId, CompiledDag?> dagOf)
    {
        var routing = new OutputRouting(symbols,
            (symbol, node) => dagOf(symbol) is { } dag ? EngineFactory.NodeName(dag, node) : null,
            (symbol, node, port) => dagOf(symbol) is { } dag ? EngineFactory.PortName(dag, node, port) : null);
        return Current = new ReplayOutputPublisher(connection, routing, Prefix);
    }

    /// <summary>One line for the summary: frames published, failures, and where.</summary>
    public string Describe() => Current is not { } p
        ? $"published: nothing (no output) under {Prefix}."
        : $"published: {p.Published} frames under {Prefix}.*.internal.> (te dashboard --prefix {Prefix}){(p.Failed > 0 ? $"; {p.Failed} FAILED, last: {p.LastFailure}" : "")}";
}
