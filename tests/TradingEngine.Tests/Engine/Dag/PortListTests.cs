using TradingEngine.Engine.Dag;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// <see cref="PortList"/> places each port at the named constant it is declared with, whatever the order it is written
/// in, and refuses an index that is repeated or out of range, naming the port.
/// </summary>
public sealed class PortListTests
{
    private const int High = 0, Low = 1, Event = 2;

    [Fact]
    public void Ports_land_at_their_constants_in_any_written_order()
    {
        var ports = PortList.Of(
            (Event, new OutputPort("event", PortType.Integer)),
            (High, new OutputPort("high", PortType.Number)),
            (Low, new OutputPort("low", PortType.Number)));
        Assert.Equal(["high", "low", "event"], ports.Select(p => p.Name));
        var info = new NodeKindInfo("k", "d", [], [], ports);
        Assert.Equal(Low, info.FindOutput("low"));
        Assert.Equal(Event, info.FindOutput("event"));
    }

    [Fact]
    public void A_repeated_index_is_refused_naming_both_ports()
    {
        var e = Assert.Throws<ArgumentException>(() => PortList.Of(
            (High, new InputPort("a", PortType.Number)),
            (High, new InputPort("b", PortType.Number))));
        Assert.Contains("Name = b", e.Message);
        Assert.Contains("index 0, already given to InputPort { Name = a", e.Message);
    }

    [Fact]
    public void An_index_beyond_the_ports_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => PortList.Of(
            (High, new OutputPort("high", PortType.Number)),
            (Event, new OutputPort("event", PortType.Integer))));
        Assert.Contains("Name = event", e.Message);
        Assert.Contains("index 2", e.Message);
        Assert.Contains("0 to 1", e.Message);
    }

    [Fact]
    public void Every_registered_kind_describes_its_ports_without_error() =>
        Assert.All(AllKinds(), kind => Assert.NotEmpty(kind.Info.Name));

    private static IReadOnlyList<NodeKind> AllKinds() =>
        TradingEngine.Strategies.StrategyNodes.Register(
            TradingEngine.Indicators.MarketStructure.MarketStructureNodes.Register(
                TradingEngine.Indicators.Nodes.IndicatorNodes.RegisterAll(
                    TradingEngine.Engine.Nodes.EngineNodes.RegisterAll(new NodeCatalog())))).Kinds;
}
