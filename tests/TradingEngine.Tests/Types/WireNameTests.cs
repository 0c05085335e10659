using System.Text;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>
/// One spelling per enum value on every wire: JSON bodies, NATS subjects and database columns (issue 22, item 3). The
/// sink once had its own table, which wrote "ma" for a moving average of no kind where JSON wrote "none".
/// </summary>
public sealed class WireNameTests
{
    private static void SameAsJson<TEnum>() where TEnum : unmanaged, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
            Assert.Equal(Encoding.UTF8.GetString(EnumText<TEnum>.NameOf(value)), WireName.Of(value));
    }

    [Fact]
    public void Subjects_and_columns_spell_every_value_as_the_json_codec_does()
    {
        SameAsJson<MessageType>();
        SameAsJson<SwingSide>();
        SameAsJson<StructureDirection>();
        SameAsJson<ZoneState>();
        SameAsJson<LiquiditySide>();
        SameAsJson<BreakKind>();
        SameAsJson<MovingAverageKind>();
        SameAsJson<SignalAction>();
        SameAsJson<PositionSide>();
    }

    [Theory]
    [InlineData(MessageType.FairValueGap, "fair_value_gap")]
    [InlineData(MessageType.Tick, "tick")]
    public void Message_types_are_snake_case_in_subjects(MessageType type, string expected) => Assert.Equal(expected, NatsSubjects.TypeName(type));

    /// <summary>Golden: the type names every subscriber, dashboard and SQL query already uses. Changing one breaks them.</summary>
    [Fact]
    public void Every_message_type_keeps_its_published_name()
    {
        string[] expected =
        [
            "none", "tick", "quote", "candle", "timer", "gap", "swing_point", "fair_value_gap", "order_block", "liquidity_level",
            "break_of_structure", "volume_profile", "delta_volume", "footprint", "cumulative_delta", "moving_average", "vwap", "rsi",
            "atr", "node_value", "trade_signal", "position_update", "risk_metric",
        ];
        Assert.Equal(expected, Enum.GetValues<MessageType>().Select(t => WireName.Of(t)));
    }

    [Fact]
    public void A_wire_name_parses_back_to_its_value_and_anything_else_is_refused()
    {
        foreach (var type in Enum.GetValues<MessageType>())
        {
            Assert.True(WireName.TryParse<MessageType>(WireName.Of(type), out var parsed));
            Assert.Equal(type, parsed);
        }
        Assert.False(WireName.TryParse<MessageType>("TradeSignal", out _));
        Assert.False(WireName.TryParse<MessageType>("trade_signal ", out _));
    }

    /// <summary>
    /// The JSON Schemas are generated from wire DTOs whose enum converter used System.Text.Json's own snake_case policy:
    /// a second spelling that agreed only because no catalog enum has a run of capitals ("ABCDef" is "abc_def" there and
    /// "a_b_c_def" in the codec). The schema now spells enums through the codec's table.
    /// </summary>
    [Fact]
    public void Schema_enums_are_spelled_by_the_wire_name_table()
    {
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new TradingEngine.Types.Schema.SnakeCaseEnum<CapitalRuns>() } };
        foreach (var value in Enum.GetValues<CapitalRuns>())
            Assert.Equal($"\"{WireName.Of(value)}\"", System.Text.Json.JsonSerializer.Serialize(value, options));
    }

    public enum CapitalRuns : byte
    {
        ABCDef = 1,
        RMultiple = 2,
        Plain = 3,
    }

    [Fact]
    public void Members_are_snake_case_and_a_value_that_is_no_member_is_refused()
    {
        Assert.Equal("buy_side", WireName.Of(LiquiditySide.BuySide));
        Assert.Equal("partially_filled", WireName.Of(ZoneState.PartiallyFilled));
        Assert.Equal("none", WireName.Of(MovingAverageKind.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireName.Of((ZoneState)200));
    }
}
