using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Journal.Format;

/// <summary>
/// LEB128 varints and "scaled" zigzag varints. A scaled value is written as <c>varint(zigzag(v / unit) &lt;&lt; 2 | code)</c>
/// where <c>code</c> picks the largest of three units that divides <c>v</c> exactly: market data moves in whole
/// milliseconds, cents and round lots, so a 5 ms step or a one-cent move at 4 decimals fits one byte. Values whose
/// zigzag does not fit 62 bits are escaped (<c>code 3</c>, then 8 raw bytes), so every long round-trips.
/// Writes skip bounds checks: the encoder only starts a record while <see cref="EventEncoder.MaxEventBytes"/> bytes
/// are free, which covers the longest record.
/// </summary>
internal static class Varint
{
    public const int MaxBytes = 10;
    private const byte Escape = 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(byte[] buffer, int pos, ulong value)
    {
        ref var b = ref MemoryMarshal.GetArrayDataReference(buffer);
        if (value < 0x80)
        {
            Unsafe.Add(ref b, pos) = (byte)value;
            return pos + 1;
        }
        if (value < 0x4000)
        {
            Unsafe.Add(ref b, pos) = (byte)(value | 0x80);
            Unsafe.Add(ref b, pos + 1) = (byte)(value >> 7);
            return pos + 2;
        }
        return WriteLong(ref b, pos, value);
    }

    private static int WriteLong(ref byte b, int pos, ulong value)
    {
        while (value >= 0x80)
        {
            Unsafe.Add(ref b, pos++) = (byte)(value | 0x80);
            value >>= 7;
        }
        Unsafe.Add(ref b, pos++) = (byte)value;
        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>Time deltas in nanoseconds: units 1 ns, 1 µs, 1 ms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteTime(byte[] buffer, int pos, long value)
    {
        if (value == 0)
        {
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), pos) = 0;
            return pos + 1;
        }
        if (value % 1_000_000 == 0)
            return WriteScaled(buffer, pos, value / 1_000_000, 2, value);
        if (value % 1_000 == 0)
            return WriteScaled(buffer, pos, value / 1_000, 1, value);
        return WriteScaled(buffer, pos, value, 0, value);
    }

    /// <summary>Prices and sizes in raw units: units 1, 10, 100.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteAmount(byte[] buffer, int pos, long value)
    {
        if (value == 0)
        {
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), pos) = 0;
            return pos + 1;
        }
        if (value % 100 == 0)
            return WriteScaled(buffer, pos, value / 100, 2, value);
        if (value % 10 == 0)
            return WriteScaled(buffer, pos, value / 10, 1, value);
        return WriteScaled(buffer, pos, value, 0, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteScaled(byte[] buffer, int pos, long quotient, uint code, long original)
    {
        var zz = ZigZag(quotient);
        if (zz >= 1UL << 62)
            return WriteEscaped(buffer, pos, original);
        return Write(buffer, pos, (zz << 2) | code);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WriteEscaped(byte[] buffer, int pos, long value)
    {
        buffer[pos++] = Escape;
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(pos, 8), value);
        return pos + 8;
    }

    public static readonly long[] TimeUnits = [1, 1_000, 1_000_000];
    public static readonly long[] AmountUnits = [1, 10, 100];
}
