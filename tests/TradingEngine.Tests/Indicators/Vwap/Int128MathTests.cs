using CsCheck;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.Vwap;

/// <summary>
/// The tick VWAP's 128-bit shortcuts give exactly what the <see cref="Int128"/> operators give (so its sums and bands
/// are unchanged bit for bit), and precision 0 skips the division in <see cref="FixedPoint.ToDouble"/> without changing it.
/// </summary>
public sealed class Int128MathTests
{
    private static readonly long[] EdgeValues =
        [0L, 1L, -1L, long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, 1L << 53, -(1L << 53), (1L << 53) + 1];

    private static readonly Gen<long> Edge = Gen.OneOf(
        Gen.Long,
        Gen.Long[-1_000_000_000, 1_000_000_000],
        Gen.Int[0, EdgeValues.Length - 1].Select(i => EdgeValues[i]));

    [Fact]
    public void Multiply_equals_the_int128_product_for_any_two_longs() =>
        Gen.Select(Edge, Edge).Sample((a, b) => Int128Math.Multiply(a, b) == (Int128)a * b, iter: 200_000);

    [Fact]
    public void ToDouble_equals_the_int128_conversion_in_and_beyond_the_long_range() =>
        Gen.Select(Edge, Edge, Gen.Int[0, 64]).Sample((a, b, shift) =>
        {
            var value = ((Int128)a << shift) + b;
            var expected = (double)value;
            var actual = Int128Math.ToDouble(value);
            return BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual);
        }, iter: 200_000);

    [Fact]
    public void FitsInt64_is_exactly_the_long_range()
    {
        Assert.True(Int128Math.FitsInt64(long.MaxValue));
        Assert.True(Int128Math.FitsInt64(long.MinValue));
        Assert.False(Int128Math.FitsInt64((Int128)long.MaxValue + 1));
        Assert.False(Int128Math.FitsInt64((Int128)long.MinValue - 1));
    }

    [Fact]
    public void Precision_zero_conversion_is_the_division_by_one() =>
        Edge.Sample(raw => BitConverter.DoubleToInt64Bits(FixedPoint.ToDouble(raw, 0)) == BitConverter.DoubleToInt64Bits(raw / 1.0), iter: 100_000);
}
