using System.Text.Json;

namespace TradingEngine.Types;

/// <summary>Writes the data fields of a message as JSON properties (header fields go to the envelope).</summary>
internal struct JsonWriteVisitor : IFieldVisitor
{
    private readonly Utf8JsonWriter _w;
    private readonly byte _pricePrecision;
    private readonly byte _sizePrecision;

    public JsonWriteVisitor(Utf8JsonWriter writer, byte pricePrecision, byte sizePrecision)
    {
        _w = writer;
        _pricePrecision = pricePrecision;
        _sizePrecision = sizePrecision;
    }

    public void Symbol(ref SymbolId symbol) { }
    public void EventTime(ref long nanos) { }
    public void Timeframe(ref Timeframe timeframe) { }
    public void ReceiveTime(ref long nanos) { }
    public void PricePrecision(ref byte precision) { }
    public void SizePrecision(ref byte precision) { }

    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional)
    {
        if (optional && !present)
            return;
        Span<byte> buffer = stackalloc byte[Utf8Text.MaxTimestampLength];
        var n = Utf8Text.FormatTimestamp(nanos, buffer);
        _w.WriteString(name, buffer[..n]);
    }

    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) =>
        Decimal(name, raw, _pricePrecision, present || !optional);

    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) =>
        Decimal(name, raw, _sizePrecision, present || !optional);

    private readonly void Decimal(ReadOnlySpan<byte> name, long raw, int precision, bool write)
    {
        if (!write)
            return;
        Span<byte> buffer = stackalloc byte[Utf8Text.MaxDecimalLength];
        var n = Utf8Text.FormatDecimal(raw, precision, buffer);
        _w.WritePropertyName(name);
        _w.WriteRawValue(buffer[..n], skipInputValidation: true);
    }

    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule)
    {
        if (!double.IsFinite(value))
            ThrowNonFinite(name, value);
        _w.WriteNumber(name, value);
    }

    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) => _w.WriteNumber(name, value);
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) => _w.WriteNumber(name, value);

    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional)
    {
        if (present || !optional)
            _w.WriteNumber(name, value);
    }

    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional)
    {
        if (present || !optional)
            _w.WriteNumber(name, value);
    }

    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional)
    {
        if (value || !optional)
            _w.WriteBoolean(name, value);
    }

    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum
    {
        if (optional && System.Runtime.CompilerServices.Unsafe.As<TEnum, byte>(ref value) == 0)
            return;
        _w.WriteString(name, EnumText<TEnum>.NameOf(value));
    }

    public void Venue(ReadOnlySpan<byte> name, ref ushort value)
    {
        if (value == 0)
            return;
        Span<byte> code = [(byte)value, (byte)(value >> 8)];
        _w.WriteString(name, code[1] == 0 ? code[..1] : code);
    }

    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids)
    {
        _w.WriteStartArray(name);
        for (var i = 0; i < ids.Count; i++)
            _w.WriteNumberValue(ids[i]);
        _w.WriteEndArray();
    }

    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values)
    {
        if (values.Count == 0)
            return;
        _w.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++)
        {
            if ((values.Valid & (1 << i)) == 0)
                _w.WriteNullValue();
            else
                _w.WriteNumberValue(values.Raw(i));
        }
        _w.WriteEndArray();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNonFinite(ReadOnlySpan<byte> name, double value) =>
        throw new ArgumentException($"data.{System.Text.Encoding.UTF8.GetString(name)} is {value}: JSON has no NaN or Infinity; emit only finite values");
}
