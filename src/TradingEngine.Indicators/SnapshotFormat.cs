using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Indicators;

/// <summary>
/// Little-endian helpers shared by every indicator core's <c>WriteTo</c>/<c>ReadFrom</c>. A snapshot starts
/// with a one-byte kind tag and a one-byte format version so that restoring the wrong core, or an
/// older layout, fails loudly instead of producing a silently wrong state.
/// </summary>
internal static class SnapshotFormat
{
    public const byte Version = 1;

    public static void WriteHeader(Span<byte> destination, IndicatorKind kind)
    {
        destination[0] = (byte)kind;
        destination[1] = Version;
    }

    public static void ReadHeader(ReadOnlySpan<byte> source, IndicatorKind kind)
    {
        if (source.Length < 2 || source[0] != (byte)kind || source[1] != Version)
            ThrowBadHeader(source, kind);
    }

    public static void WriteDouble(Span<byte> destination, ref int offset, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(destination[offset..], value);
        offset += 8;
    }

    public static double ReadDouble(ReadOnlySpan<byte> source, ref int offset)
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(source[offset..]);
        offset += 8;
        return value;
    }

    public static void WriteInt64(Span<byte> destination, ref int offset, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination[offset..], value);
        offset += 8;
    }

    public static long ReadInt64(ReadOnlySpan<byte> source, ref int offset)
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(source[offset..]);
        offset += 8;
        return value;
    }

    public static void WriteInt32(Span<byte> destination, ref int offset, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination[offset..], value);
        offset += 4;
    }

    public static int ReadInt32(ReadOnlySpan<byte> source, ref int offset)
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(source[offset..]);
        offset += 4;
        return value;
    }

    public static void EnsureSpace(int available, int required)
    {
        if (available < required)
            ThrowTooSmall(available, required);
    }

    [DoesNotReturn]
    private static void ThrowBadHeader(ReadOnlySpan<byte> source, IndicatorKind kind) =>
        throw new ArgumentException(
            $"snapshot header is [{(source.Length > 0 ? source[0] : -1)}, {(source.Length > 1 ? source[1] : -1)}], expected kind {(byte)kind} ({kind}) version {Version}",
            nameof(source));

    [DoesNotReturn]
    private static void ThrowTooSmall(int available, int required) =>
        throw new ArgumentException($"snapshot buffer holds {available} bytes, the state needs {required}", "destination");
}
