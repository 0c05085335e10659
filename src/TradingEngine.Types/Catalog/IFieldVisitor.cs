namespace TradingEngine.Types;

/// <summary>
/// The operations a message's field list is made of. Header fields (symbol, event time, timeframe, receive
/// time) go to the JSON envelope and metadata; data fields go to <c>data</c>; precisions exist only in binary
/// (in JSON they are carried by the decimal text itself or come from the instrument).
/// Optional fields take a <c>present</c> flag: absent fields are omitted from JSON and zero in binary.
/// </summary>
public interface IFieldVisitor
{
    void Symbol(ref SymbolId symbol);
    void EventTime(ref long nanos);
    void Timeframe(ref Timeframe timeframe);
    /// <summary>Our receive time, 0 when unknown (JSON: <c>metadata.receive_time</c>).</summary>
    void ReceiveTime(ref long nanos);
    void PricePrecision(ref byte precision);
    void SizePrecision(ref byte precision);

    void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional);
    /// <summary>A fixed-point price at the message's price precision.</summary>
    void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule);
    /// <summary>A fixed-point size or volume at the message's size precision.</summary>
    void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule);
    /// <summary>A computed statistic (EMA, RSI, PnL): an IEEE double, finite, written in shortest round-trip form.</summary>
    void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule);
    void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule);
    void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule);
    void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional);
    void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional);
    void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional);
    /// <summary>A byte-sized enum written as its snake_case name.</summary>
    void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum;
    /// <summary>A venue code: one or two ASCII characters packed into a ushort (low byte first), 0 = none.</summary>
    void Venue(ReadOnlySpan<byte> name, ref ushort value);
    /// <summary>Up to <see cref="NodeIdList.Capacity"/> small node ids (JSON: an array of integers).</summary>
    void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids);
    /// <summary>
    /// Up to <see cref="TriggerValues.Capacity"/> doubles, each possibly absent (JSON: an array of numbers and nulls,
    /// omitted when empty; its <see cref="TriggerValues.Inputs"/> count is a field of its own).
    /// </summary>
    void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values);
}
