using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>Counts the encoded body size of a type (every field has a fixed width).</summary>
internal struct BinarySizeVisitor : IFieldVisitor
{
    public int Size;

    public void Symbol(ref SymbolId symbol) => Size += 4;
    public void EventTime(ref long nanos) => Size += 8;
    public void Timeframe(ref Timeframe timeframe) => Size += 4;
    public void ReceiveTime(ref long nanos) => Size += 8;
    public void PricePrecision(ref byte precision) => Size += 1;
    public void SizePrecision(ref byte precision) => Size += 1;
    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional) => Size += 8;
    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => Size += 8;
    void IFieldVisitor.Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => Size += 8;
    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule) => Size += 8;
    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) => Size += 4;
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) => Size += 8;
    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional) => Size += 2;
    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional) => Size += 4;
    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional) => Size += 1;
    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum => Size += 1;
    public void Venue(ReadOnlySpan<byte> name, ref ushort value) => Size += 2;
    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids) => Size += 1 + 2 * NodeIdList.Capacity;
    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values) => Size += 2 + 8 * Types.TriggerValues.Capacity;
}

/// <summary>The fixed body size of each type, computed once.</summary>
internal static class BinaryLayout<T> where T : struct, ICatalogMessage<T>
{
    public static readonly int BodySize = Compute();

    private static int Compute()
    {
        var v = new BinarySizeVisitor();
        var m = default(T);
        T.Visit(ref m, ref v);
        return v.Size;
    }
}

/// <summary>Writes fields little-endian, in visit order.</summary>
internal ref struct BinaryWriteVisitor : IFieldVisitor
{
    private readonly Span<byte> _d;
    public int Position;

    public BinaryWriteVisitor(Span<byte> destination, int position)
    {
        _d = destination;
        Position = position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void W64(long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_d[Position..], v);
        Position += 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void W32(int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_d[Position..], v);
        Position += 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void W16(ushort v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_d[Position..], v);
        Position += 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void W8(byte v) => _d[Position++] = v;

    public void Symbol(ref SymbolId symbol) => W32(symbol.Value);
    public void EventTime(ref long nanos) => W64(nanos);
    public void Timeframe(ref Timeframe timeframe) => W32(timeframe.Seconds);
    public void ReceiveTime(ref long nanos) => W64(nanos);
    public void PricePrecision(ref byte precision) => W8(precision);
    public void SizePrecision(ref byte precision) => W8(precision);
    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional) => W64(optional && !present ? 0 : nanos);
    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => W64(optional && !present ? 0 : raw);
    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => W64(optional && !present ? 0 : raw);
    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule) => W64(BitConverter.DoubleToInt64Bits(value));
    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) => W32(value);
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) => W64(value);
    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional) => W16(optional && !present ? (ushort)0 : value);
    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional) => W32(optional && !present ? 0 : (int)value);
    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional) => W8(value ? (byte)1 : (byte)0);
    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum => W8(Unsafe.As<TEnum, byte>(ref value));
    public void Venue(ReadOnlySpan<byte> name, ref ushort value) => W16(value);

    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids)
    {
        W8(ids.Count);
        W16(ids.Id0);
        W16(ids.Id1);
        W16(ids.Id2);
        W16(ids.Id3);
    }

    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values)
    {
        W8(values.Count);
        W8(values.Valid);
        for (var i = 0; i < Types.TriggerValues.Capacity; i++)
            W64(BitConverter.DoubleToInt64Bits(values.Raw(i)));
    }
}

/// <summary>Reads fields little-endian, in visit order; the caller checked the length first.</summary>
internal ref struct BinaryReadVisitor : IFieldVisitor
{
    private readonly ReadOnlySpan<byte> _s;
    public int Position;
    public string? Error;

    public BinaryReadVisitor(ReadOnlySpan<byte> source, int position)
    {
        _s = source;
        Position = position;
        Error = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long R64()
    {
        var v = BinaryPrimitives.ReadInt64LittleEndian(_s[Position..]);
        Position += 8;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int R32()
    {
        var v = BinaryPrimitives.ReadInt32LittleEndian(_s[Position..]);
        Position += 4;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort R16()
    {
        var v = BinaryPrimitives.ReadUInt16LittleEndian(_s[Position..]);
        Position += 2;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte R8() => _s[Position++];

    public void Symbol(ref SymbolId symbol) => symbol = new SymbolId(R32());
    public void EventTime(ref long nanos) => nanos = R64();

    public void Timeframe(ref Timeframe timeframe)
    {
        var seconds = R32();
        if (seconds == 0)
            timeframe = default;
        else if (seconds is > 0 and <= Types.Timeframe.MaxSeconds)
            timeframe = new Timeframe(seconds);
        else
            Error ??= $"timeframe of {seconds} s is out of range";
    }

    public void ReceiveTime(ref long nanos) => nanos = R64();

    public void PricePrecision(ref byte precision)
    {
        precision = R8();
        if (precision > FixedPoint.MaxPrecision)
            Error ??= $"price precision {precision} is above {FixedPoint.MaxPrecision}";
    }

    public void SizePrecision(ref byte precision)
    {
        precision = R8();
        if (precision > FixedPoint.MaxPrecision)
            Error ??= $"size precision {precision} is above {FixedPoint.MaxPrecision}";
    }

    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional)
    {
        nanos = R64();
        present = !optional || nanos != 0;
    }

    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule)
    {
        raw = R64();
        present = !optional || raw != 0 || present;
    }

    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule)
    {
        raw = R64();
        present = !optional || raw != 0 || present;
    }

    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule) => value = BitConverter.Int64BitsToDouble(R64());
    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) => value = R32();
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) => value = R64();

    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional)
    {
        value = R16();
        present = !optional || value != 0;
    }

    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional)
    {
        value = (uint)R32();
        present = !optional || value != 0;
    }

    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional)
    {
        var b = R8();
        if (b > 1)
            Error ??= $"{System.Text.Encoding.UTF8.GetString(name)}: boolean byte {b}";
        value = b == 1;
    }

    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum
    {
        var b = R8();
        value = Unsafe.As<byte, TEnum>(ref b);
        if (!EnumText<TEnum>.IsDefined(value))
            Error ??= $"{System.Text.Encoding.UTF8.GetString(name)}: {typeof(TEnum).Name} has no member {b}";
    }

    public void Venue(ReadOnlySpan<byte> name, ref ushort value) => value = R16();

    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids)
    {
        ids.Count = R8();
        ids.Id0 = R16();
        ids.Id1 = R16();
        ids.Id2 = R16();
        ids.Id3 = R16();
        if (ids.Count > NodeIdList.Capacity)
            Error ??= $"{System.Text.Encoding.UTF8.GetString(name)}: {ids.Count} node ids, at most {NodeIdList.Capacity}";
    }

    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values)
    {
        values.Count = R8();
        values.Valid = R8();
        for (var i = 0; i < Types.TriggerValues.Capacity; i++)
            values.Set(i, BitConverter.Int64BitsToDouble(R64()));
        if (values.Count > Types.TriggerValues.Capacity || values.Valid >> values.Count != 0)
            Error ??= $"{System.Text.Encoding.UTF8.GetString(name)}: {values.Count} values with validity bits {values.Valid:b}, at most {Types.TriggerValues.Capacity}";
    }
}
