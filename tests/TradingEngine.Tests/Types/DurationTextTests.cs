using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>Durations parse with their unit; anything else, including one too long for TimeSpan, is refused, never thrown.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("250ms", 250)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData(" 1s ", 1_000)]
    public void Valid_durations_parse_to_their_milliseconds(string text, long millis)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(millis), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("5")]
    [InlineData("-1s")]
    [InlineData("0.5ms")]
    [InlineData("soon")]
    [InlineData("10675200d")]                                 // past TimeSpan.MaxValue (10,675,199 days)
    [InlineData("99999999999999999999999999999d")]           // the product would overflow decimal
    [InlineData("79228162514264337593543950335ms")]          // decimal.MaxValue itself
    public void Anything_else_is_refused_without_throwing(string? text)
    {
        Assert.False(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Fact]
    public void The_longest_duration_timespan_holds_still_parses()
    {
        Assert.True(DurationText.TryParse("10675199d", out var value));
        Assert.Equal(TimeSpan.FromDays(10_675_199), value);
    }
}
