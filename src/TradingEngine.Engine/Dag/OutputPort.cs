namespace TradingEngine.Engine.Dag;

/// <summary>
/// One output of a node kind: a slot on the value board that downstream nodes read and that the
/// executor publishes when the pipeline asks for it. Only <see cref="PortType.Number"/> and
/// <see cref="PortType.Integer"/> can be outputs: richer messages are built from board values by the sink.
/// </summary>
public sealed record OutputPort(string Name, PortType Type, string Description = "");
