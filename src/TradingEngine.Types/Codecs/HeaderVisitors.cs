namespace TradingEngine.Types;

/// <summary>Collects a message's header fields (symbol, times, timeframe, precisions); ignores data fields.</summary>
internal struct HeaderReader : IFieldVisitor
{
    public SymbolId Symbol;
    public long EventTime;
    public long ReceiveTime;
    public Timeframe Timeframe;
    public bool HasTimeframe;
    public byte PricePrecision;
    public byte SizePrecision;
    public bool HasPricePrecision;
    public bool HasSizePrecision;

    void IFieldVisitor.Symbol(ref SymbolId symbol) => Symbol = symbol;
    void IFieldVisitor.EventTime(ref long nanos) => EventTime = nanos;

    void IFieldVisitor.Timeframe(ref Timeframe timeframe)
    {
        Timeframe = timeframe;
        HasTimeframe = true;
    }

    void IFieldVisitor.ReceiveTime(ref long nanos) => ReceiveTime = nanos;

    void IFieldVisitor.PricePrecision(ref byte precision)
    {
        PricePrecision = precision;
        HasPricePrecision = true;
    }

    void IFieldVisitor.SizePrecision(ref byte precision)
    {
        SizePrecision = precision;
        HasSizePrecision = true;
    }

    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional) { }
    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) { }
    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) { }
    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule) { }
    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) { }
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) { }
    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional) { }
    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional) { }
    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional) { }
    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum { }
    public void Venue(ReadOnlySpan<byte> name, ref ushort value) { }
    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids) { }
    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values) { }
}

/// <summary>Sets a message's header fields from decoded envelope values; leaves data fields alone.</summary>
internal struct HeaderWriter : IFieldVisitor
{
    public SymbolId Symbol;
    public long EventTime;
    public long ReceiveTime;
    public Timeframe Timeframe;
    public byte PricePrecision;
    public byte SizePrecision;

    void IFieldVisitor.Symbol(ref SymbolId symbol) => symbol = Symbol;
    void IFieldVisitor.EventTime(ref long nanos) => nanos = EventTime;
    void IFieldVisitor.Timeframe(ref Timeframe timeframe) => timeframe = Timeframe;
    void IFieldVisitor.ReceiveTime(ref long nanos) => nanos = ReceiveTime;
    void IFieldVisitor.PricePrecision(ref byte precision) => precision = PricePrecision;
    void IFieldVisitor.SizePrecision(ref byte precision) => precision = SizePrecision;

    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional) { }
    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) { }
    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) { }
    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule) { }
    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) { }
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) { }
    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional) { }
    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional) { }
    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional) { }
    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum { }
    public void Venue(ReadOnlySpan<byte> name, ref ushort value) { }
    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids) { }
    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values) { }
}
