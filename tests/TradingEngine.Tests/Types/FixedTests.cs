using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>
/// Price and Quantity are one implementation, <see cref="Fixed{TTag}"/>, told apart by their tag: distinct types (a
/// quantity is no price), the same layout (a long and a byte), and errors that name which of the two was wrong.
/// </summary>
public sealed class FixedTests
{
    [Fact]
    public void Price_and_quantity_are_distinct_types_of_one_definition()
    {
        Assert.NotEqual(typeof(Price), typeof(Quantity));
        Assert.Equal(typeof(Fixed<>), typeof(Price).GetGenericTypeDefinition());
        Assert.Equal(typeof(Fixed<>), typeof(Quantity).GetGenericTypeDefinition());
        // no field for the tag: both are the 16-byte struct (long raw, byte precision, padding) the codecs lay out
        Assert.Equal(16, Unsafe.SizeOf<Price>());
        Assert.Equal(16, Unsafe.SizeOf<Quantity>());
    }

    [Fact]
    public void Errors_name_the_kind_of_value_from_its_tag()
    {
        Assert.Equal("price 1.25 is not exact at precision 1 (Parameter 'value')",
            Assert.Throws<ArgumentException>(() => Price.FromDecimal(1.25m, 1)).Message);
        Assert.Equal("quantity 1.25 is not exact at precision 1 (Parameter 'value')",
            Assert.Throws<ArgumentException>(() => Quantity.FromDecimal(1.25m, 1)).Message);
        Assert.Equal("'x' is not an exact decimal quantity", Assert.Throws<FormatException>(() => Quantity.Parse("x")).Message);
        Assert.Equal("price 1.25 cannot be written exactly with 1 decimals",
            Assert.Throws<ArgumentException>(() => Price.Parse("1.25").WithPrecision(1)).Message);
    }

    [Fact]
    public void To_double_is_the_one_conversion_for_any_stored_precision()
    {
        // FixedPoint.ToDouble is what Price, Quantity, the codecs and the DAG's nodes convert with (Engine/Dag/PriceMath
        // forwards to it): precision 0 is the raw count, others one correctly rounded division, up to 10^18 as the
        // DAG's own table went
        Assert.Equal(12.34, Price.Parse("12.34").ToDouble());
        Assert.Equal(3.0, FixedPoint.ToDouble(3, 0));
        Assert.Equal(1234 / 1e18, FixedPoint.ToDouble(1234, 18));
    }
}
