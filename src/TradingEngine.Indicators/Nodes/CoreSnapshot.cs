using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// A core's own snapshot (<c>WriteTo</c>/<c>ReadFrom</c>, tagged and versioned by the core) inside a node's
/// state, behind a length prefix: the cores' readers do not report how much they consumed, and the prefix
/// lets the node state be read back without knowing the core's layout.
/// </summary>
internal static class CoreSnapshot
{
    public delegate int WriteCore<TCore>(in TCore core, Span<byte> destination);

    // The core goes by reference and the writer is a static lambda (one cached delegate per core type): a bound
    // method group (core.WriteTo) would box the struct and allocate a delegate on every snapshot.
    public static void Write<TCore>(ref StateWriter writer, int size, in TCore core, WriteCore<TCore> write)
    {
        writer.WriteInt32(size);
        var span = writer.GetSpan(size)[..size];
        span.Clear();
        write(in core, span);
        writer.Advance(size);
    }

    public static ReadOnlySpan<byte> Read(ref StateReader reader) => reader.ReadBytes(reader.ReadInt32());
}
