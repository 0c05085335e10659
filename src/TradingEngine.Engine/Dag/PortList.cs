namespace TradingEngine.Engine.Dag;

/// <summary>
/// A kind's input or output ports built from the named constants its code reads them by: each port is written
/// once, beside its index (<c>PortList.Of((High, new OutputPort("high", …)), (Low, …))</c>), and
/// <see cref="NodeContext"/> calls use the same constants, so a port's position and its name cannot drift apart.
/// </summary>
public static class PortList
{
    /// <summary>
    /// The ports placed at their indices; an index repeated, out of range or left empty is an error when the kind is
    /// registered (naming the port), not a wrong read at run time.
    /// </summary>
    public static TPort[] Of<TPort>(params ReadOnlySpan<(int Index, TPort Port)> ports)
        where TPort : class
    {
        var placed = new TPort[ports.Length];
        foreach (var (index, port) in ports)
        {
            if ((uint)index >= (uint)placed.Length)
                throw new ArgumentException($"port {port} has index {index}; a kind with {placed.Length} ports numbers them 0 to {placed.Length - 1}", nameof(ports));
            if (placed[index] is { } taken)
                throw new ArgumentException($"port {port} has index {index}, already given to {taken}", nameof(ports));
            placed[index] = port;
        }
        return placed;
    }
}
