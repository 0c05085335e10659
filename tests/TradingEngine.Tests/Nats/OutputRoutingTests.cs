using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Tests.Nats;

public sealed class OutputRoutingTests
{
    private readonly SymbolRegistry _symbols = new();

    [Fact]
    public void Every_output_kind_has_an_internal_and_a_public_subject_and_the_internal_one_maps_back_to_the_public_one()
    {
        var es = _symbols.GetOrAdd("ES");
        var routing = new OutputRouting(_symbols, node => node == 4 ? "ema_fast" : null);
        foreach (var kind in Enum.GetValues<MessageType>().Where(OutputMessage.CanCarry))
        {
            var m = new OutputMessage { Kind = kind, NodeId = 4, Symbol = es };
            if (kind == MessageType.Candle)
                m.Candle.Timeframe = Timeframe.FiveMinutes;

            var route = routing.Route(m);

            Assert.True(OutputRouting.TryMapInternalToPublic(route.InternalSubject, out var mapped, out var symbol), route.InternalSubject);
            Assert.Equal(route.PublicSubject, mapped);
            Assert.Equal("ES", symbol);
            Assert.Contains(".internal.", route.InternalSubject, StringComparison.Ordinal);
            Assert.DoesNotContain("internal", route.PublicSubject, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(MessageType.Candle, "candles.public.ES.5m")]
    [InlineData(MessageType.MovingAverage, "indicators.public.ES.ema_fast")]
    [InlineData(MessageType.Footprint, "indicators.public.ES.ema_fast")]
    [InlineData(MessageType.FairValueGap, "market_structure.ES.fair_value_gap")]
    [InlineData(MessageType.TradeSignal, "strategies.signals.ES")]
    [InlineData(MessageType.PositionUpdate, "strategies.positions.ES")]
    [InlineData(MessageType.RiskMetric, "strategies.risk.ES")]
    public void Public_subjects_follow_the_seed_contract(MessageType kind, string expected)
    {
        var m = new OutputMessage { Kind = kind, NodeId = 4, Symbol = _symbols.GetOrAdd("ES") };
        if (kind == MessageType.Candle)
            m.Candle.Timeframe = Timeframe.FiveMinutes;

        Assert.Equal(expected, new OutputRouting(_symbols, node => node == 4 ? "ema_fast" : null).Route(m).PublicSubject);
    }

    /// <summary>Golden internal subjects: te publish maps these from other processes, so their spelling is a contract.</summary>
    [Theory]
    [InlineData("signals.internal.ES.trade_signal", "strategies.signals.ES")]
    [InlineData("signals.internal.ES.position_update", "strategies.positions.ES")]
    [InlineData("signals.internal.ES.risk_metric", "strategies.risk.ES")]
    [InlineData("signals.internal.ES.tick", null)]
    [InlineData("signals.internal.ES.TradeSignal", null)]
    [InlineData("structure.internal.ES.fair_value_gap", "market_structure.ES.fair_value_gap")]
    public void Internal_strategy_subjects_map_by_wire_name_and_nothing_else(string internalSubject, string? expected)
    {
        Assert.Equal(expected is not null, OutputRouting.TryMapInternalToPublic(internalSubject, out var mapped, out _));
        if (expected is not null)
            Assert.Equal(expected, mapped);
    }

    [Fact]
    public void A_node_without_a_pipeline_id_is_named_by_its_type_and_index()
    {
        var m = new OutputMessage { Kind = MessageType.Rsi, NodeId = 7, Symbol = _symbols.GetOrAdd("NQ") };

        Assert.Equal("indicators.internal.NQ.rsi_7", new OutputRouting(_symbols).Route(m).InternalSubject);
    }

    [Theory]
    [InlineData(0, "indicators.public.ES.bands-upper", "indicators.internal.ES.bands-upper")]
    [InlineData(2, "indicators.public.ES.bands-lower", "indicators.internal.ES.bands-lower")]
    public void A_node_value_of_a_node_with_several_outputs_names_its_port(int port, string expectedPublic, string expectedInternal)
    {
        var routing = new OutputRouting(_symbols, node => node == 6 ? "bands" : null,
            (node, p) => node == 6 ? p switch { 0 => "upper", 1 => "middle", _ => "lower" } : null);
        var m = new OutputMessage { Kind = MessageType.NodeValue, NodeId = 6, Symbol = _symbols.GetOrAdd("ES") };
        m.NodeValue.Port = (ushort)port;

        var route = routing.Route(m);

        Assert.Equal((expectedPublic, expectedInternal), (route.PublicSubject, route.InternalSubject));
        Assert.True(OutputRouting.TryMapInternalToPublic(route.InternalSubject, out var mapped, out _));
        Assert.Equal(expectedPublic, mapped);
    }

    [Fact]
    public void A_node_value_of_a_single_output_node_takes_the_node_id()
    {
        var routing = new OutputRouting(_symbols, node => node == 4 ? "ema_fast" : null, (_, _) => null);
        var m = new OutputMessage { Kind = MessageType.NodeValue, NodeId = 4, Symbol = _symbols.GetOrAdd("ES") };

        Assert.Equal("indicators.public.ES.ema_fast", routing.Route(m).PublicSubject);
        Assert.Equal("indicators.internal.ES.ema_fast", routing.Route(m).InternalSubject);
    }

    [Theory]
    [InlineData("ticks.raw.ES", MarketEventKind.Tick, "ES")]
    [InlineData("quotes.raw.SPY", MarketEventKind.Quote, "SPY")]
    [InlineData("candles.external.GC.15m", MarketEventKind.Candle, "GC")]
    [InlineData("dag.trigger.NQ", MarketEventKind.Timer, "NQ")]
    public void Input_subjects_parse_to_kind_and_symbol(string subject, MarketEventKind kind, string symbol)
    {
        Assert.True(NatsSubjects.TryParseInput(subject, out var k, out var s, out _));
        Assert.Equal(kind, k);
        Assert.Equal(symbol, s.ToString());
    }

    [Theory]
    [InlineData("ticks.raw.")]
    [InlineData("ticks.raw.ES.Z3")]
    [InlineData("candles.external.ES.7x")]
    [InlineData("indicators.public.ES.ema")]
    [InlineData("dag.trigger.ES.Z3")]
    public void Anything_else_is_not_an_input_subject(string subject) =>
        Assert.False(NatsSubjects.TryParseInput(subject, out _, out _, out _));
}
