using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// An exact decimal value: <c>Raw / 10^Precision</c> (0 ≤ precision ≤ 9), like Nautilus' <c>Price { raw, precision }</c>
/// and <c>Quantity</c>. Code names it by its aliases <c>Price</c> (<see cref="PriceTag"/>) and <c>Quantity</c>
/// (<see cref="QuantityTag"/>), declared once in Directory.Build.props; the tag keeps the two apart at compile time and
/// costs nothing at run time (a struct type argument: the JIT compiles each instantiation on its own, the layout is the
/// same <c>long</c> + <c>byte</c>). Equality and ordering are by value, across precisions.
/// </summary>
public readonly struct Fixed<TTag> : IEquatable<Fixed<TTag>>, IComparable<Fixed<TTag>>, ISpanFormattable
    where TTag : struct, IFixedPointTag
{
    public readonly long Raw;
    public readonly byte Precision;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fixed(long raw, int precision)
    {
        if ((uint)precision > FixedPoint.MaxPrecision)
            ThrowHelper.ThrowPrecision(precision);
        Raw = raw;
        Precision = (byte)precision;
    }

    public double ToDouble() => FixedPoint.ToDouble(Raw, Precision);

    public decimal ToDecimal() => FixedPoint.ToDecimal(Raw, Precision);

    public static Fixed<TTag> FromDecimal(decimal value, int precision) =>
        FixedPoint.TryFromDecimal(value, precision, out var raw)
            ? new Fixed<TTag>(raw, precision)
            : throw new ArgumentException($"{TTag.Noun} {value} is not exact at precision {precision}", nameof(value));

    public static bool TryParse(ReadOnlySpan<char> text, out Fixed<TTag> value)
    {
        if (FixedPoint.TryParse(text, out var raw, out var precision))
        {
            value = new Fixed<TTag>(raw, precision);
            return true;
        }
        value = default;
        return false;
    }

    public static Fixed<TTag> Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not an exact decimal {TTag.Noun}");

    /// <summary>The same value at another precision; throws when digits would be lost.</summary>
    public Fixed<TTag> WithPrecision(int precision) =>
        FixedPoint.TryRescale(Raw, Precision, precision, out var raw)
            ? new Fixed<TTag>(raw, precision)
            : throw new ArgumentException($"{TTag.Noun} {this} cannot be written exactly with {precision} decimals");

    public bool TryWithPrecision(int precision, out Fixed<TTag> value)
    {
        if (FixedPoint.TryRescale(Raw, Precision, precision, out var raw))
        {
            value = new Fixed<TTag>(raw, precision);
            return true;
        }
        value = default;
        return false;
    }

    public bool Equals(Fixed<TTag> other) => FixedPoint.Compare(Raw, Precision, other.Raw, other.Precision) == 0;

    public override bool Equals(object? obj) => obj is Fixed<TTag> p && Equals(p);

    public override int GetHashCode() => FixedPoint.Normalize(Raw, Precision).GetHashCode();

    public int CompareTo(Fixed<TTag> other) => FixedPoint.Compare(Raw, Precision, other.Raw, other.Precision);

    public static bool operator ==(Fixed<TTag> a, Fixed<TTag> b) => a.Equals(b);
    public static bool operator !=(Fixed<TTag> a, Fixed<TTag> b) => !a.Equals(b);
    public static bool operator <(Fixed<TTag> a, Fixed<TTag> b) => a.CompareTo(b) < 0;
    public static bool operator >(Fixed<TTag> a, Fixed<TTag> b) => a.CompareTo(b) > 0;
    public static bool operator <=(Fixed<TTag> a, Fixed<TTag> b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Fixed<TTag> a, Fixed<TTag> b) => a.CompareTo(b) >= 0;

    public override string ToString() => FixedPoint.Format(Raw, Precision);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        FixedPoint.TryFormat(Raw, Precision, destination, out charsWritten);
}
