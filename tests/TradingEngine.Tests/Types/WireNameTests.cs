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

    [Fact]
    public void Members_are_snake_case_and_a_value_that_is_no_member_is_refused()
    {
        Assert.Equal("buy_side", WireName.Of(LiquiditySide.BuySide));
        Assert.Equal("partially_filled", WireName.Of(ZoneState.PartiallyFilled));
        Assert.Equal("none", WireName.Of(MovingAverageKind.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireName.Of((ZoneState)200));
    }
}
