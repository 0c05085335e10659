using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace TradingEngine.Types;

/// <summary>
/// Decodes one property of a JSON <c>data</c> object: visiting a message's field list, it finds the field whose
/// name equals <see cref="Name"/>, parses the value the reader is on and records the field as seen.
/// In <see cref="ScanPrecision"/> mode it only measures the decimals of prices and sizes (when no instrument
/// gives the precision, the message's precision is the largest number of decimals written).
/// </summary>
internal ref struct JsonFieldMatcher : IFieldVisitor
{
    public Utf8JsonReader Reader;
    private NameBuffer _name;
    private int _nameLength;
    public bool ScanPrecision;
    public byte PricePrecisionValue;
    public byte SizePrecisionValue;
    /// <summary>Instrument precision: decimals beyond it are rejected rather than widening it.</summary>
    public string? InstrumentName;

    public ulong Seen;
    public bool Matched;
    public RejectReason Error;
    public string? Message;
    private int _index;

    /// <summary>The property being decoded (unescaped; a name longer than 64 bytes matches nothing).</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    public ReadOnlySpan<byte> Name => ((ReadOnlySpan<byte>)_name)[.._nameLength];

    /// <summary>Starts a property: the reader is on its name.</summary>
    public void BeginProperty(in Utf8JsonReader reader)
    {
        Span<byte> buffer = _name;
        if (!reader.ValueIsEscaped)
        {
            var raw = reader.ValueSpan;
            _nameLength = raw.Length <= buffer.Length ? raw.Length : 0;
            if (_nameLength != 0)
                raw.CopyTo(buffer);
            else
                _nameLength = 0;
        }
        else
        {
            _nameLength = reader.ValueSpan.Length <= buffer.Length ? reader.CopyString(buffer) : 0;
        }
        Matched = false;
        _index = 0;
    }

    public void Symbol(ref SymbolId symbol) { }
    public void EventTime(ref long nanos) { }
    public void Timeframe(ref Timeframe timeframe) { }
    public void ReceiveTime(ref long nanos) { }
    public void PricePrecision(ref byte precision) { }
    public void SizePrecision(ref byte precision) { }

    /// <summary>Counts the field and tells whether it is the one being decoded (flags duplicates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Is(ReadOnlySpan<byte> name)
    {
        var bit = 1UL << _index++;
        if (Matched || !Name.SequenceEqual(name))
            return false;
        Matched = true;
        if (ScanPrecision)
            return true;
        if ((Seen & bit) != 0)
        {
            Fail(RejectReason.MalformedJson, name, "appears twice");
            return false;
        }
        Seen |= bit;
        return true;
    }

    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (optional && Reader.TokenType == JsonTokenType.Null)
        {
            present = false;
            return;
        }
        if (Reader.TokenType != JsonTokenType.String)
        {
            WrongType(name, "an ISO 8601 UTC timestamp string");
            return;
        }
        if (Reader.ValueIsEscaped || !Utf8Text.TryParseTimestamp(Reader.ValueSpan, out nanos))
        {
            Fail(RejectReason.InvalidTimestamp, name, $"is {Shown()}, expected ISO 8601 UTC like 2023-12-25T23:00:00.123456789Z");
            return;
        }
        present = true;
    }

    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule)
    {
        if (Is(name))
            Fixed(name, ref raw, ref present, optional, rule, ref PricePrecisionValue, isPrice: true);
    }

    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule)
    {
        if (Is(name))
            Fixed(name, ref raw, ref present, optional, rule, ref SizePrecisionValue, isPrice: false);
    }

    private void Fixed(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule, ref byte precision, bool isPrice)
    {
        var token = Reader.TokenType;
        if (ScanPrecision)
        {
            if (token == JsonTokenType.Number && Utf8Text.TryParseDecimal(Reader.ValueSpan, out _, out var p) && p > precision && InstrumentName is null)
                precision = (byte)p;
            return;
        }
        if (optional && token == JsonTokenType.Null)
        {
            present = false;
            return;
        }
        if (token == JsonTokenType.String && IsNonFiniteLiteral(Reader))
        {
            Fail(RejectReason.NonFinitePrice, name, $"is {Shown()}: prices must be finite numbers");
            return;
        }
        if (token != JsonTokenType.Number)
        {
            WrongType(name, isPrice ? "a decimal number (price)" : "a decimal number (size)");
            return;
        }
        var text = Reader.ValueSpan;
        if (!Utf8Text.TryParseDecimal(text, out var value, out var written))
        {
            if (!Reader.TryGetDouble(out var d) || !double.IsFinite(d))
                Fail(RejectReason.NonFinitePrice, name, $"is {Shown()}, beyond the range of any price");
            else if (Math.Abs(d) >= 1e9)
                Fail(RejectReason.OutOfRange, name, $"is {Shown()}, beyond the fixed-point range (±9.2e18 raw units)");
            else
                Fail(RejectReason.PrecisionExceeded, name, $"is {Shown()}: more than {FixedPoint.MaxPrecision} significant decimals");
            return;
        }
        if (!FixedPoint.TryRescale(value, written, precision, out raw))
        {
            if (written > precision)
                Fail(RejectReason.PrecisionExceeded, name, InstrumentName is null
                    ? $"is {Shown()} with {written} decimals, the message's precision is {precision}"
                    : $"is {Shown()} with {written} decimals, {InstrumentName} allows {precision}");
            else
                Fail(RejectReason.OutOfRange, name, $"is {Shown()}, too large at {precision} decimals");
            return;
        }
        present = true;
        if (rule == FieldRule.Positive)
        {
            if (raw == 0)
                Fail(RejectReason.ZeroPrice, name, "is 0: prices must be positive");
            else if (raw < 0)
                Fail(RejectReason.NegativePrice, name, $"is {Shown()}: prices must be positive");
        }
        else if (rule == FieldRule.NonNegative && raw < 0)
        {
            Fail(isPrice ? RejectReason.NegativePrice : RejectReason.NegativeSize, name, $"is {Shown()}: must not be negative");
        }
    }

    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (Reader.TokenType == JsonTokenType.String && IsNonFiniteLiteral(Reader))
        {
            Fail(RejectReason.NonFinitePrice, name, $"is {Shown()}: values must be finite numbers");
            return;
        }
        if (Reader.TokenType != JsonTokenType.Number)
        {
            WrongType(name, "a number");
            return;
        }
        if (!Reader.TryGetDouble(out value) || !double.IsFinite(value))
        {
            Fail(RejectReason.NonFinitePrice, name, $"is {Shown()}, beyond double range");
            return;
        }
        if (rule == FieldRule.NonNegative && value < 0)
            Fail(RejectReason.InvalidValue, name, $"is {Shown()}: must not be negative");
        else if (rule == FieldRule.Positive && value <= 0)
            Fail(RejectReason.InvalidValue, name, $"is {Shown()}: must be positive");
    }

    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (Reader.TokenType != JsonTokenType.Number)
            WrongType(name, "an integer");
        else if (!Reader.TryGetInt32(out value))
            Fail(Reader.TryGetInt64(out _) ? RejectReason.OutOfRange : RejectReason.WrongType, name, $"is {Shown()}, expected a 32-bit integer");
        else if (rule == FieldRule.NonNegative && value < 0)
            Fail(RejectReason.InvalidValue, name, $"is {Shown()}: must not be negative");
    }

    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (Reader.TokenType != JsonTokenType.Number)
            WrongType(name, "an integer");
        else if (!Reader.TryGetInt64(out value))
            Fail(RejectReason.WrongType, name, $"is {Shown()}, expected a 64-bit integer");
        else if (rule == FieldRule.NonNegative && value < 0)
            Fail(RejectReason.InvalidValue, name, $"is {Shown()}: must not be negative");
    }

    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (optional && Reader.TokenType == JsonTokenType.Null)
            present = false;
        else if (Reader.TokenType != JsonTokenType.Number)
            WrongType(name, "an integer 0..65535");
        else if (!Reader.TryGetUInt16(out value))
            Fail(RejectReason.OutOfRange, name, $"is {Shown()}, expected an integer 0..65535");
        else
            present = true;
    }

    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (optional && Reader.TokenType == JsonTokenType.Null)
            present = false;
        else if (Reader.TokenType != JsonTokenType.Number)
            WrongType(name, "an integer 0..4294967295");
        else if (!Reader.TryGetUInt32(out value))
            Fail(RejectReason.OutOfRange, name, $"is {Shown()}, expected an integer 0..4294967295");
        else
            present = true;
    }

    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (Reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            value = Reader.TokenType == JsonTokenType.True;
        else if (!(optional && Reader.TokenType == JsonTokenType.Null))
            WrongType(name, "true or false");
    }

    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (optional && Reader.TokenType == JsonTokenType.Null)
            return;
        if (Reader.TokenType != JsonTokenType.String)
        {
            WrongType(name, $"one of {string.Join(", ", EnumText<TEnum>.Names)}");
            return;
        }
        if (Reader.ValueIsEscaped || !EnumText<TEnum>.TryParse(Reader.ValueSpan, out value))
            Fail(RejectReason.InvalidValue, name, $"is {Shown()}, expected one of {string.Join(", ", EnumText<TEnum>.Names)}");
    }

    public void Venue(ReadOnlySpan<byte> name, ref ushort value)
    {
        if (!Is(name) || ScanPrecision)
            return;
        if (Reader.TokenType == JsonTokenType.Null)
            return;
        if (Reader.TokenType != JsonTokenType.String)
        {
            WrongType(name, "a venue code of one or two ASCII characters");
            return;
        }
        Span<byte> unescaped = stackalloc byte[16];
        scoped ReadOnlySpan<byte> s = Reader.ValueSpan;
        if (Reader.ValueIsEscaped && s.Length <= unescaped.Length)
            s = unescaped[..Reader.CopyString(unescaped)];
        if (s.Length is 0 or > 2 || s[0] is < 0x21 or > 0x7E || (s.Length == 2 && s[1] is < 0x21 or > 0x7E))
        {
            Fail(RejectReason.InvalidValue, name, $"is {Shown()}, expected one or two printable ASCII characters");
            return;
        }
        value = (ushort)(s[0] | (s.Length == 2 ? s[1] << 8 : 0));
    }

    /// <summary>
    /// True when the reader is at the start of field <paramref name="name"/>'s array, to be read element by element;
    /// false when the field is another one, is null (absent), is only skipped (the precision scan), or is not an array
    /// (then refused as <paramref name="expected"/>).
    /// </summary>
    private bool StartsArray(ReadOnlySpan<byte> name, string expected)
    {
        if (!Is(name))
            return false;
        if (ScanPrecision)
        {
            if (Reader.TokenType == JsonTokenType.StartArray)
                Reader.Skip();
            return false;
        }
        if (Reader.TokenType == JsonTokenType.Null)
            return false;
        if (Reader.TokenType != JsonTokenType.StartArray)
        {
            WrongType(name, expected);
            return false;
        }
        return true;
    }

    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids)
    {
        if (!StartsArray(name, "an array of node ids"))
            return;
        ids = default;
        while (Reader.Read() && Reader.TokenType != JsonTokenType.EndArray)
        {
            if (Reader.TokenType != JsonTokenType.Number || !Reader.TryGetUInt16(out var id))
            {
                if (Reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    Reader.Skip();
                WrongType(name, "node ids 0..65535");
                return;
            }
            if (!ids.TryAdd(id))
            {
                Fail(RejectReason.InvalidValue, name, $"has more than {NodeIdList.Capacity} node ids");
                return;
            }
        }
    }

    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values)
    {
        if (!StartsArray(name, "an array of numbers or nulls"))
            return;
        var inputs = values.Inputs;
        values = default;
        values.Inputs = inputs;
        while (Reader.Read() && Reader.TokenType != JsonTokenType.EndArray)
        {
            if (values.Count >= Types.TriggerValues.Capacity)
            {
                if (Reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    Reader.Skip();
                Fail(RejectReason.InvalidValue, name, $"has more than {Types.TriggerValues.Capacity} values");
                return;
            }
            if (Reader.TokenType == JsonTokenType.Null)
            {
                values.Count++;
                continue;
            }
            if (Reader.TokenType != JsonTokenType.Number || !Reader.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                if (Reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    Reader.Skip();
                WrongType(name, "finite numbers or nulls");
                return;
            }
            values.Set(values.Count, d);
            values.Valid |= (byte)(1 << values.Count);
            values.Count++;
        }
    }

    private static bool IsNonFiniteLiteral(Utf8JsonReader reader)
    {
        var s = reader.ValueSpan;
        return s.SequenceEqual("NaN"u8) || s.SequenceEqual("Infinity"u8) || s.SequenceEqual("-Infinity"u8)
               || s.SequenceEqual("+Infinity"u8) || s.SequenceEqual("nan"u8) || s.SequenceEqual("inf"u8) || s.SequenceEqual("-inf"u8);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WrongType(ReadOnlySpan<byte> name, string expected) =>
        Fail(RejectReason.WrongType, name, $"is {Shown()}, expected {expected}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(RejectReason reason, ReadOnlySpan<byte> name, string problem)
    {
        if (Error != RejectReason.None)
            return;
        Error = reason;
        Message = $"data.{Encoding.UTF8.GetString(name)} {problem}";
    }

    /// <summary>The value as it appears (quoted strings, numbers as written, structure kinds by name).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly string Shown() => JsonText.Show(Reader);
}

[InlineArray(64)]
internal struct NameBuffer
{
    private byte _first;
}

/// <summary>Finds the first required field the decode did not see.</summary>
internal struct RequiredFieldCheck : IFieldVisitor
{
    public ulong Seen;
    public string? Missing;
    private int _index;

    private void Check(ReadOnlySpan<byte> name, bool optional)
    {
        var bit = 1UL << _index++;
        if (!optional && (Seen & bit) == 0 && Missing is null)
            Missing = Encoding.UTF8.GetString(name);
    }

    public void Symbol(ref SymbolId symbol) { }
    public void EventTime(ref long nanos) { }
    public void Timeframe(ref Timeframe timeframe) { }
    public void ReceiveTime(ref long nanos) { }
    public void PricePrecision(ref byte precision) { }
    public void SizePrecision(ref byte precision) { }
    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional) => Check(name, optional);
    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => Check(name, optional);
    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => Check(name, optional);
    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule) => Check(name, false);
    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) => Check(name, false);
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) => Check(name, false);
    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional) => Check(name, optional);
    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional) => Check(name, optional);
    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional) => Check(name, optional);
    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum => Check(name, optional);
    public void Venue(ReadOnlySpan<byte> name, ref ushort value) => Check(name, true);
    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids) => Check(name, true);
    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values) => Check(name, true);
}

internal static class JsonText
{
    /// <summary>A short rendering of the current token for error messages (cold path, allocates).</summary>
    public static string Show(Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var s = reader.GetString() ?? "";
                return "\"" + (s.Length > 40 ? s[..40] + "…" : s) + "\"";
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            case JsonTokenType.Null: return "null";
            case JsonTokenType.StartObject: return "an object";
            case JsonTokenType.StartArray: return "an array";
            default: return reader.TokenType.ToString();
        }
    }
}
