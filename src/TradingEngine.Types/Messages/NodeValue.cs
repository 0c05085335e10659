using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// A numeric node output that a pipeline marks <c>publish:</c> or <c>persist:</c> (an EMA's value, a band's upper
/// line): the node is the output slot's <see cref="OutputMessage.NodeId"/>, the output is <see cref="Port"/> in the
/// node kind's declared order, so the message carries no strings. Integer outputs travel as doubles (exact up to
/// 2^53). <see cref="Timeframe"/> is none today: a node's value belongs to the event that triggered the walk.
/// 32 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct NodeValue : ICatalogMessage<NodeValue>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public ushort Port;

    /// <summary>The pipeline asked the database sink to keep this value (<c>persist:</c>); else it is only published.</summary>
    public bool Persist;

    public byte Reserved;
    public int Reserved2;
    public double Value;

    public static MessageType Type => MessageType.NodeValue;

    public static void Visit<TVisitor>(ref NodeValue m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.UInt16("port"u8, ref m.Port, ref yes, false);
        v.Bool("persist"u8, ref m.Persist, false);
        v.Double("value"u8, ref m.Value, FieldRule.Any);
    }
}
