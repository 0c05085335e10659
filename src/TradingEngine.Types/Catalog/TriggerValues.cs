namespace TradingEngine.Types;

/// <summary>
/// The values a strategy read from its trigger inputs when it decided (<see cref="TradeSignal.TriggerValues"/>): what
/// "explain a signal" shows without looking anything up. The trigger codes of <see cref="TradeSignal.Triggers"/> are
/// expanded into their input bindings in order (a code for every binding of a port gives one value per binding, in
/// binding order); the first <see cref="Capacity"/> of them are carried, <see cref="Inputs"/> counts them all, so a
/// reader can tell a truncated list. A binding with no valid value (not warmed up, never set, not finite) is carried as
/// absent (JSON <c>null</c>). Bounded so that a signal still fits a ring slot. 40 bytes.
/// </summary>
public struct TriggerValues : IEquatable<TriggerValues>
{
    public const int Capacity = 4;

    public double Value0;
    public double Value1;
    public double Value2;
    public double Value3;
    /// <summary>How many values are carried (at most <see cref="Capacity"/>).</summary>
    public byte Count;
    /// <summary>Bit i set: value i is valid; clear: absent (JSON <c>null</c>).</summary>
    public byte Valid;
    /// <summary>How many input bindings the trigger codes expand to (≥ <see cref="Count"/>; more means truncated).</summary>
    public ushort Inputs;

    /// <summary>Value <paramref name="index"/>, or null when absent.</summary>
    public readonly double? this[int index] => (uint)index >= Count
        ? throw new ArgumentOutOfRangeException(nameof(index), index, $"{Count} trigger values")
        : (Valid & (1 << index)) == 0 ? null : Raw(index);

    /// <summary>
    /// Records the next binding's value: carried while there is room (<paramref name="valid"/> false or a non-finite
    /// value is carried as absent), always counted in <see cref="Inputs"/>.
    /// </summary>
    public void Add(double value, bool valid)
    {
        if (Inputs < ushort.MaxValue)
            Inputs++;
        if (Count >= Capacity)
            return;
        var ok = valid && double.IsFinite(value);
        Set(Count, ok ? value : 0);
        if (ok)
            Valid |= (byte)(1 << Count);
        Count++;
    }

    /// <summary>The stored double of slot <paramref name="index"/> (0 when absent), for the codecs.</summary>
    public readonly double Raw(int index) => index switch { 0 => Value0, 1 => Value1, 2 => Value2, _ => Value3 };

    /// <summary>Stores <paramref name="value"/> in slot <paramref name="index"/>, for the codecs.</summary>
    public void Set(int index, double value)
    {
        switch (index)
        {
            case 0: Value0 = value; break;
            case 1: Value1 = value; break;
            case 2: Value2 = value; break;
            default: Value3 = value; break;
        }
    }

    public readonly bool Equals(TriggerValues other)
    {
        if (Count != other.Count || Valid != other.Valid || Inputs != other.Inputs)
            return false;
        for (var i = 0; i < Count; i++)
            if (BitConverter.DoubleToInt64Bits(Raw(i)) != BitConverter.DoubleToInt64Bits(other.Raw(i)))
                return false;
        return true;
    }

    public override readonly bool Equals(object? obj) => obj is TriggerValues o && Equals(o);

    public override readonly int GetHashCode() => HashCode.Combine(Count, Valid, Inputs, Value0, Value1, Value2, Value3);

    public static bool operator ==(TriggerValues a, TriggerValues b) => a.Equals(b);
    public static bool operator !=(TriggerValues a, TriggerValues b) => !a.Equals(b);
}
