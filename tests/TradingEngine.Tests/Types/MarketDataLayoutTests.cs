using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

public class MarketDataLayoutTests
{
    [Fact]
    public void Tick_and_quote_fill_one_cache_line() 
    {
        Assert.Equal(64, Unsafe.SizeOf<Tick>());
        Assert.Equal(64, Unsafe.SizeOf<Quote>());
    }

    [Fact]
    public void Market_event_slot_is_compact() => Assert.True(Unsafe.SizeOf<MarketEvent>() <= 112, $"{Unsafe.SizeOf<MarketEvent>()} bytes");

    [Theory]
    [InlineData("1667.5", 16675L, 1, "1667.5")]
    [InlineData("1.10785", 110785L, 5, "1.10785")]
    [InlineData("-263.16", -26316L, 2, "-263.16")]
    [InlineData("0.000000001", 1L, 9, "0.000000001")]
    [InlineData("4e13", 40000000000000L, 0, "40000000000000")]
    [InlineData("0.50", 50L, 2, "0.50")]
    public void Prices_parse_and_print_exactly(string text, long raw, int precision, string printed)
    {
        var p = Price.Parse(text);
        Assert.Equal(raw, p.Raw);
        Assert.Equal(precision, p.Precision);
        Assert.Equal(printed, p.ToString());
    }

    [Fact]
    public void Iso8601_keeps_nanoseconds()
    {
        const long t = 1_381_219_217_034_000_001L;
        var text = UtcNanos.ToIso8601(t);
        Assert.Equal("2013-10-08T08:00:17.034000001Z", text);
        Assert.True(UtcNanos.TryParseIso8601(text, out var back));
        Assert.Equal(t, back);
    }
}
