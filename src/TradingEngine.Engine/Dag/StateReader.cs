using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Engine.Dag;

/// <summary>Reads what <see cref="StateWriter"/> wrote, in the same order; truncated input throws <see cref="InvalidDataException"/>.</summary>
public ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;

    /// <summary>Reads from <paramref name="source"/>.</summary>
    public StateReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _position = 0;
    }

    /// <summary>Bytes read so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _source.Length - _position;

    /// <summary>Reads a byte.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean() => ReadByte() != 0;

    /// <summary>Reads an int.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a long.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads a double's exact bits.</summary>
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>The unread rest, for a struct's own <c>ReadFrom(ReadOnlySpan)</c>; follow with <see cref="Skip"/>.</summary>
    public readonly ReadOnlySpan<byte> Peek() => _source[_position..];

    /// <summary>Marks <paramref name="count"/> bytes as read.</summary>
    public void Skip(int count) => Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _source.Length - _position < count)
            ThrowTruncated(count, _source.Length - _position);
        var s = _source.Slice(_position, count);
        _position += count;
        return s;
    }

    [DoesNotReturn]
    private static void ThrowTruncated(int wanted, int left) =>
        throw new InvalidDataException($"node state is truncated: wanted {wanted} more bytes, {left} left");
}
