using System.Runtime.InteropServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// What a node sees of the current event: trades, quotes and heartbeats are not copied whole into the context (their
/// payloads are kept as the last tick or quote, or beside the header), so <see cref="NodeContext.Event"/> and
/// <see cref="NodeContext.EventTime"/> must still give every event exactly as fed, byte for byte, with trades,
/// quotes, heartbeats and gaps interleaved, from the compiled plans and from the walk.
/// </summary>
public sealed class EventViewTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Nodes_see_each_event_whole_with_its_time(bool compiledPlans)
    {
        const string yaml = """
            timeframes: [1m]
            nodes:
              - id: probe
                kind: test_event_probe
                inputs: {ticks: ticks, quotes: quotes, timer: timer, gaps: gaps}
            """;
        var catalog = new NodeCatalog().Register<EventProbeNode>();
        var dag = DagCompiler.Compile(PipelineLoader.Parse(yaml, "probe.yaml"), catalog);
        dag.CompilesPlans = compiledPlans;
        var symbol = new SymbolId(4);
        var executor = new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]);
        var driver = new InMemoryDriver<TestSink>(executor, default);

        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        var fed = new List<MarketEvent>();
        for (var i = 0; i < 60; i++)
        {
            var time = start + (i * 7 * UtcNanos.PerSecond);
            var price = 10_000 + (i * 37 % 11);
            // runs of trades (so the trade's set is compiled) broken by quotes and timers
            var e = (i % 9) switch
            {
                4 => MarketEvent.FromQuote(new Quote { Symbol = symbol, PricePrecision = 2, EventTime = time, BidRaw = price - 1, AskRaw = price + 1, BidSizeRaw = 3 + i, AskSizeRaw = 4 }, 1_000 + i),
                7 => MarketEvent.FromTimer(symbol, time, 1_000 + i),
                8 when i % 2 == 0 => MarketEvent.FromGap(symbol, time, 2 + i, GapReason.SequenceGap, 1_000 + i),
                _ => MarketEvent.FromTick(Tick.Create(symbol, time, new Price(price, 2), new Quantity(1 + (i % 4), 0)), 1_000 + i),
            };
            fed.Add(e);
        }

        EventProbeNode.Seen.Clear();
        foreach (var e in fed)
            driver.Feed(e);

        Assert.Equal(fed.Count, EventProbeNode.Seen.Count);
        for (var i = 0; i < fed.Count; i++)
        {
            var (seen, time) = EventProbeNode.Seen[i];
            var expected = fed[i];
            Assert.Equal(MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in expected)).ToArray(), MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in seen)).ToArray());
            Assert.Equal(expected.EventTime, time);
        }
        Assert.Contains(EventProbeNode.Seen, s => s.Event.Kind == MarketEventKind.Gap);
        if (compiledPlans)
            Assert.True(executor.Pipelines[0].Dag.CompiledEvents > 0, "the trades' set never ran compiled");
    }

    /// <summary>Records the event and event time the context gives on every run (per thread).</summary>
    private struct EventProbeNode : INode<EventProbeNode>
    {
        [ThreadStatic]
        private static List<(MarketEvent Event, long Time)>? _seen;

        public static List<(MarketEvent Event, long Time)> Seen => _seen ??= [];

        public static NodeKindInfo Describe() => new(
            "test_event_probe",
            "records the current event",
            [],
            [new InputPort("ticks", PortType.Tick), new InputPort("quotes", PortType.Quote), new InputPort("timer", PortType.Timer), new InputPort("gaps", PortType.Gap)],
            [new OutputPort("count", PortType.Integer)]);

        public static EventProbeNode Create(NodeParameters parameters) => default;

        public bool Evaluate(NodeContext context)
        {
            Seen.Add((context.Event, context.EventTime));
            context.SetInteger(0, Seen.Count);
            return true;
        }

        public readonly void WriteState(ref StateWriter writer)
        {
        }

        public void ReadState(ref StateReader reader)
        {
        }
    }
}
