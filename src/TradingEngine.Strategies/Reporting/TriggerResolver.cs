using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// Turns the port codes a strategy writes into <see cref="TradeSignal.Triggers"/> (<see cref="TriggerPorts"/>) into
/// the ids of the upstream nodes bound to those ports, reading the pipeline the way the DAG compiler binds it (named
/// ports by name, list entries positionally, the last variadic port taking the rest). <see cref="Bindings"/> keeps one
/// entry per binding, the order in which <see cref="TradeSignal.TriggerValues"/> carries their values.
/// </summary>
public static class TriggerResolver
{
    /// <summary>The upstream node ids (or sources such as <c>candles:5m</c>) behind <paramref name="triggers"/> of step <paramref name="step"/>.</summary>
    public static IReadOnlyList<string> Resolve(CompiledDag dag, int step, NodeIdList triggers) =>
        Bindings(dag, step, triggers).Select(NodeOf).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The input references (<c>ema_5m</c>, <c>bos_15m.trend</c>, <c>candles:5m</c>) behind <paramref name="triggers"/>,
    /// one per binding in the order <see cref="TradeSignal.TriggerValues"/> carries their values: each code in turn, a
    /// code for every binding of a port giving all of them in binding order.
    /// </summary>
    public static IReadOnlyList<string> Bindings(CompiledDag dag, int step, NodeIdList triggers)
    {
        var compiled = dag.Steps[step];
        var ports = compiled.Kind.Info.Inputs;
        var bound = new List<string>[ports.Count];
        for (var i = 0; i < bound.Length; i++)
            bound[i] = [];
        var next = 0;
        foreach (var input in compiled.Spec.Inputs)
        {
            int port;
            if (input.Port is { } name)
                port = compiled.Kind.Info.FindInput(name);
            else
            {
                port = next;
                if (!(ports[port].Variadic && port == ports.Count - 1))
                    next++;
            }
            if (port >= 0 && port < bound.Length)
                bound[port].Add(input.Text);
        }
        var result = new List<string>();
        for (var i = 0; i < triggers.Count; i++)
        {
            var code = triggers[i];
            var port = TriggerPorts.Port(code);
            if (port >= bound.Length)
                continue;
            var index = TriggerPorts.Index(code);
            if (index == TriggerPorts.AllBindings)
                result.AddRange(bound[port]);
            else if (index < bound[port].Count)
                result.Add(bound[port][index]);
        }
        return result;
    }

    private static string NodeOf(string reference)
    {
        if (reference.Contains(':', StringComparison.Ordinal))
            return reference;
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? reference : reference[..dot];
    }
}
