using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// A core's own snapshot (<c>WriteTo</c>/<c>ReadFrom</c>, tagged and versioned by the core) inside a node's
/// state, behind a length prefix: the cores' readers do not report how much they consumed, and the prefix
/// lets the node state be read back without knowing the core's layout.
/// </summary>
internal static class CoreSnapshot
{
    public delegate int WriteCore(Span<byte> destination);

    public static void Write(ref StateWriter writer, int size, WriteCore write)
    {
        writer.WriteInt32(size);
        var span = writer.GetSpan(size)[..size];
        span.Clear();
        write(span);
        writer.Advance(size);
    }

    public static ReadOnlySpan<byte> Read(ref StateReader reader) => reader.ReadBytes(reader.ReadInt32());
}
