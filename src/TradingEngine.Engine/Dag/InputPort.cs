namespace TradingEngine.Engine.Dag;

/// <summary>One input of a node kind.</summary>
/// <param name="Name">Port name used in the mapping form of <c>inputs:</c> in YAML.</param>
/// <param name="Type">What the port accepts; the builder rejects anything else.</param>
/// <param name="Variadic">The port takes any number of references (in the list form of <c>inputs:</c> only the last port does; bind others by name).</param>
/// <param name="Optional">The port may be left unbound; <see cref="NodeContext.Count"/> then returns 0.</param>
/// <param name="Description">Shown by <c>te dag</c> and in docs/pipelines.md.</param>
public sealed record InputPort(string Name, PortType Type, bool Variadic = false, bool Optional = false, string Description = "");
