using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Strategies;

/// <summary>
/// Encodes which input bindings of a strategy triggered a signal into <see cref="TradeSignal.Triggers"/>: each id is
/// (port &lt;&lt; 8) | binding index, <see cref="AllBindings"/> meaning every binding of the port. A node cannot see the
/// step ids of its upstream nodes from <c>NodeContext</c>, so <see cref="Reporting.TriggerResolver"/> turns these
/// codes into upstream node ids with the compiled pipeline (docs/strategies.md §6). <see cref="Values"/> reads what those
/// bindings held when the strategy decided, for <see cref="TradeSignal.TriggerValues"/>.
/// </summary>
public static class TriggerPorts
{
    /// <summary>Binding index meaning "every binding of the port".</summary>
    public const int AllBindings = 0xFF;

    /// <summary>The code of binding <paramref name="index"/> of input <paramref name="port"/>.</summary>
    public static ushort Code(int port, int index = 0) => (ushort)((port << 8) | (index & 0xFF));

    /// <summary>The port of a code.</summary>
    public static int Port(ushort code) => code >> 8;

    /// <summary>The binding index of a code (<see cref="AllBindings"/> for all).</summary>
    public static int Index(ushort code) => code & 0xFF;

    /// <summary>Bit p set: input port p has type <paramref name="type"/> (ports past 31 are not marked).</summary>
    public static uint Mask(IReadOnlyList<InputPort> inputs, PortType type)
    {
        var mask = 0u;
        for (var p = 0; p < inputs.Count && p < 32; p++)
            if (inputs[p].Type == type)
                mask |= 1u << p;
        return mask;
    }

    /// <summary>
    /// The values behind <paramref name="triggers"/> now: each code expanded into its bindings in binding order
    /// (<see cref="AllBindings"/>: every binding of the port), each binding's value read as a number
    /// (<paramref name="numberPorts"/>) or an integer (<paramref name="integerPorts"/>); a binding that is not valid,
    /// or of a port of another type (a candle), is carried as absent. Codes of unbound ports give nothing, as in
    /// <see cref="Reporting.TriggerResolver"/>.
    /// </summary>
    public static TriggerValues Values(NodeContext context, NodeIdList triggers, uint numberPorts, uint integerPorts)
    {
        var values = default(TriggerValues);
        for (var i = 0; i < triggers.Count; i++)
        {
            var code = triggers[i];
            var port = Port(code);
            var count = context.Count(port);
            var index = Index(code);
            var (from, to) = index == AllBindings ? (0, count) : (index, Math.Min(index + 1, count));
            for (var k = from; k < to; k++)
            {
                var bit = port < 32 ? 1u << port : 0u;
                if ((integerPorts & bit) != 0)
                    values.Add(context.Integer(port, k), context.IsValid(port, k));
                else if ((numberPorts & bit) != 0)
                    values.Add(context.Number(port, k), context.IsValid(port, k));
                else
                    values.Add(0, false);
            }
        }
        return values;
    }
}
