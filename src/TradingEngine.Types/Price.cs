using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// An exact price: <c>Raw / 10^Precision</c> (0 ≤ precision ≤ 9), like Nautilus' <c>Price { raw, precision }</c>.
/// The precision comes from the instrument registry (ES 2, 6E 5, US equities 4, Databento feeds up to 9), so
/// every instrument in the data this engine reads is held exactly; the range is ±9.2e18 raw units, which holds
/// 4e13 at 4 decimals. Equality and ordering are by value, across precisions.
/// </summary>
public readonly struct Price : IEquatable<Price>, IComparable<Price>, ISpanFormattable
{
    public readonly long Raw;
    public readonly byte Precision;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Price(long raw, int precision)
    {
        if ((uint)precision > FixedPoint.MaxPrecision)
            ThrowHelper.ThrowPrecision(precision);
        Raw = raw;
        Precision = (byte)precision;
    }

    public double ToDouble() => FixedPoint.ToDouble(Raw, Precision);

    public decimal ToDecimal() => FixedPoint.ToDecimal(Raw, Precision);

    public static Price FromDecimal(decimal value, int precision) =>
        FixedPoint.TryFromDecimal(value, precision, out var raw)
            ? new Price(raw, precision)
            : throw new ArgumentException($"price {value} is not exact at precision {precision}", nameof(value));

    public static bool TryParse(ReadOnlySpan<char> text, out Price price)
    {
        if (FixedPoint.TryParse(text, out var raw, out var precision))
        {
            price = new Price(raw, precision);
            return true;
        }
        price = default;
        return false;
    }

    public static Price Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not an exact decimal price");

    /// <summary>The same value at another precision; throws when digits would be lost.</summary>
    public Price WithPrecision(int precision) =>
        FixedPoint.TryRescale(Raw, Precision, precision, out var raw)
            ? new Price(raw, precision)
            : throw new ArgumentException($"price {this} cannot be written exactly with {precision} decimals");

    public bool TryWithPrecision(int precision, out Price price)
    {
        if (FixedPoint.TryRescale(Raw, Precision, precision, out var raw))
        {
            price = new Price(raw, precision);
            return true;
        }
        price = default;
        return false;
    }

    public bool Equals(Price other) => FixedPoint.Compare(Raw, Precision, other.Raw, other.Precision) == 0;

    public override bool Equals(object? obj) => obj is Price p && Equals(p);

    public override int GetHashCode() => FixedPoint.Normalize(Raw, Precision).GetHashCode();

    public int CompareTo(Price other) => FixedPoint.Compare(Raw, Precision, other.Raw, other.Precision);

    public static bool operator ==(Price a, Price b) => a.Equals(b);
    public static bool operator !=(Price a, Price b) => !a.Equals(b);
    public static bool operator <(Price a, Price b) => a.CompareTo(b) < 0;
    public static bool operator >(Price a, Price b) => a.CompareTo(b) > 0;
    public static bool operator <=(Price a, Price b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Price a, Price b) => a.CompareTo(b) >= 0;

    public override string ToString() => FixedPoint.Format(Raw, Precision);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        FixedPoint.TryFormat(Raw, Precision, destination, out charsWritten);
}
