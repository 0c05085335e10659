using TradingEngine.Types;

namespace TradingEngine.Strategies;

/// <summary>
/// Encodes which input bindings of a strategy triggered a signal into <see cref="TradeSignal.Triggers"/>: each id is
/// (port &lt;&lt; 8) | binding index, <see cref="AllBindings"/> meaning every binding of the port. A node cannot see the
/// step ids of its upstream nodes from <c>NodeContext</c>, so <see cref="Reporting.TriggerResolver"/> turns these
/// codes into upstream node ids with the compiled pipeline (docs/strategies.md §6).
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
}
