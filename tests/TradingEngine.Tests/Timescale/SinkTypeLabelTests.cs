using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Tests.Timescale;

/// <summary>
/// The <c>type</c> column of the sink's output tables, pinned: saved queries, the dashboard and
/// <c>TimescaleQueries</c> filter on these values. They are the message types' wire names (one table, <see cref="WireName"/>),
/// except the two strategy rows stored since the first schema as 'signal' and 'risk'.
/// </summary>
public sealed class SinkTypeLabelTests
{
    [Theory]
    [InlineData(MessageType.SwingPoint, "swing_point")]
    [InlineData(MessageType.FairValueGap, "fair_value_gap")]
    [InlineData(MessageType.OrderBlock, "order_block")]
    [InlineData(MessageType.LiquidityLevel, "liquidity_level")]
    [InlineData(MessageType.BreakOfStructure, "break_of_structure")]
    [InlineData(MessageType.VolumeProfile, "volume_profile")]
    [InlineData(MessageType.DeltaVolume, "delta_volume")]
    [InlineData(MessageType.Footprint, "footprint")]
    [InlineData(MessageType.CumulativeDelta, "cumulative_delta")]
    [InlineData(MessageType.Vwap, "vwap")]
    [InlineData(MessageType.Rsi, "rsi")]
    [InlineData(MessageType.Atr, "atr")]
    [InlineData(MessageType.NodeValue, "node_value")]
    [InlineData(MessageType.TradeSignal, "signal")]
    [InlineData(MessageType.RiskMetric, "risk")]
    public void Each_output_kind_keeps_its_stored_type(MessageType kind, string expected) =>
        Assert.Equal(expected, SinkRowWriter.TypeLabel(kind));

    [Fact]
    public void Every_other_kind_is_the_wire_name()
    {
        foreach (var kind in Enum.GetValues<MessageType>())
            if (kind is not (MessageType.TradeSignal or MessageType.RiskMetric))
                Assert.Equal(WireName.Of(kind), SinkRowWriter.TypeLabel(kind));
    }
}
