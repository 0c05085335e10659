using System.Buffers;
using System.Buffers.Binary;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// Appends a node's state to a snapshot, little-endian. Doubles are written as their bit pattern,
/// so a restored node continues bit for bit.
/// </summary>
public ref struct StateWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public StateWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>Appends a byte.</summary>
    public readonly void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    /// <summary>Appends a boolean as one byte.</summary>
    public readonly void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Appends an int.</summary>
    public readonly void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    /// <summary>Appends a long.</summary>
    public readonly void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    /// <summary>Appends a double's exact bits.</summary>
    public readonly void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>Appends raw bytes (no length prefix).</summary>
    public readonly void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    /// <summary>A span of at least <paramref name="size"/> bytes for a struct's own <c>WriteTo(Span)</c>; follow with <see cref="Advance"/>.</summary>
    public readonly Span<byte> GetSpan(int size) => _output.GetSpan(size);

    /// <summary>Commits <paramref name="count"/> bytes written into <see cref="GetSpan"/>.</summary>
    public readonly void Advance(int count) => _output.Advance(count);
}
