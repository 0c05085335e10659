using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// An exact non-negative size or volume: <c>Raw / 10^Precision</c> (0 ≤ precision ≤ 9), like Nautilus' <c>Quantity</c>.
/// Contracts and shares use precision 0; fractional crypto sizes and notional volumes use up to 9 decimals.
/// Negative sizes are rejected by validation, not by this type (a delta may be negative).
/// Equality and ordering are by value, across precisions.
/// </summary>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>, ISpanFormattable
{
    public readonly long Raw;
    public readonly byte Precision;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Quantity(long raw, int precision)
    {
        if ((uint)precision > FixedPoint.MaxPrecision)
            ThrowHelper.ThrowPrecision(precision);
        Raw = raw;
        Precision = (byte)precision;
    }

    public double ToDouble() => FixedPoint.ToDouble(Raw, Precision);

    public decimal ToDecimal() => FixedPoint.ToDecimal(Raw, Precision);

    public static Quantity FromDecimal(decimal value, int precision) =>
        FixedPoint.TryFromDecimal(value, precision, out var raw)
            ? new Quantity(raw, precision)
            : throw new ArgumentException($"quantity {value} is not exact at precision {precision}", nameof(value));

    public static bool TryParse(ReadOnlySpan<char> text, out Quantity quantity)
    {
        if (FixedPoint.TryParse(text, out var raw, out var precision))
        {
            quantity = new Quantity(raw, precision);
            return true;
        }
        quantity = default;
        return false;
    }

    public static Quantity Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException($"'{text}' is not an exact decimal quantity");

    /// <summary>The same value at another precision; throws when digits would be lost.</summary>
    public Quantity WithPrecision(int precision) =>
        FixedPoint.TryRescale(Raw, Precision, precision, out var raw)
            ? new Quantity(raw, precision)
            : throw new ArgumentException($"quantity {this} cannot be written exactly with {precision} decimals");

    public bool TryWithPrecision(int precision, out Quantity quantity)
    {
        if (FixedPoint.TryRescale(Raw, Precision, precision, out var raw))
        {
            quantity = new Quantity(raw, precision);
            return true;
        }
        quantity = default;
        return false;
    }

    public bool Equals(Quantity other) => FixedPoint.Compare(Raw, Precision, other.Raw, other.Precision) == 0;

    public override bool Equals(object? obj) => obj is Quantity p && Equals(p);

    public override int GetHashCode() => FixedPoint.Normalize(Raw, Precision).GetHashCode();

    public int CompareTo(Quantity other) => FixedPoint.Compare(Raw, Precision, other.Raw, other.Precision);

    public static bool operator ==(Quantity a, Quantity b) => a.Equals(b);
    public static bool operator !=(Quantity a, Quantity b) => !a.Equals(b);
    public static bool operator <(Quantity a, Quantity b) => a.CompareTo(b) < 0;
    public static bool operator >(Quantity a, Quantity b) => a.CompareTo(b) > 0;
    public static bool operator <=(Quantity a, Quantity b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Quantity a, Quantity b) => a.CompareTo(b) >= 0;

    public override string ToString() => FixedPoint.Format(Raw, Precision);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        FixedPoint.TryFormat(Raw, Precision, destination, out charsWritten);
}
