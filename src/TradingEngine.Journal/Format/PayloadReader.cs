using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Journal.Format;

/// <summary>
/// Bounds-checked reads from a decompressed frame. Running past the end or an over-long varint throws
/// <see cref="InvalidDataException"/>, which the journal reader turns into a damage report for that frame.
/// </summary>
internal struct PayloadReader
{
    private readonly byte[] _buffer;
    private readonly int _end;
    private int _pos;

    public PayloadReader(byte[] buffer, int length)
    {
        _buffer = buffer;
        _end = length;
        _pos = 0;
    }

    public readonly int Position => _pos;

    public readonly bool AtEnd => _pos >= _end;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_pos >= _end)
            ThrowPastEnd();
        return _buffer[_pos++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        if (_end - _pos >= Varint.MaxBytes)
        {
            // at least 10 bytes left: the longest varint fits, so no per-byte end check
            ref var b = ref MemoryMarshal.GetArrayDataReference(_buffer);
            var first = Unsafe.Add(ref b, _pos);
            if (first < 0x80)
            {
                _pos++;
                return first;
            }
            ulong value = first & 0x7FUL;
            for (var shift = 7; shift <= 63; shift += 7)
            {
                var next = Unsafe.Add(ref b, _pos + shift / 7);
                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    _pos += shift / 7 + 1;
                    return value;
                }
            }
            ThrowOverlong();
        }
        return ReadVarintNearEnd();
    }

    private ulong ReadVarintNearEnd()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (_pos >= _end)
                ThrowPastEnd();
            var b = _buffer[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
            shift += 7;
            if (shift > 63)
                ThrowOverlong();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadZigZag() => Varint.UnZigZag(ReadVarint());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadTime() => ReadScaled(Varint.TimeUnits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadAmount() => ReadScaled(Varint.AmountUnits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long ReadScaled(long[] units)
    {
        var v = ReadVarint();
        var code = (int)(v & 3);
        if (code == 3)
            return ReadEscaped();
        return unchecked(Varint.UnZigZag(v >> 2) * units[code]);
    }

    private long ReadEscaped()
    {
        if (_end - _pos < 8)
            ThrowPastEnd();
        var value = BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(_pos, 8));
        _pos += 8;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || _end - _pos < count)
            ThrowPastEnd();
        var span = _buffer.AsSpan(_pos, count);
        _pos += count;
        return span;
    }

    [DoesNotReturn]
    private readonly void ThrowPastEnd() =>
        throw new InvalidDataException($"record runs past the end of the frame payload ({_end} bytes)");

    [DoesNotReturn]
    private readonly void ThrowOverlong() =>
        throw new InvalidDataException($"varint longer than 10 bytes at payload offset {_pos}");
}
