using System.Buffers;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>One symbol's compiled pipeline driven by the engine's in-memory driver, with every message it emits kept.</summary>
internal sealed class NodeHarness
{
    public static readonly SymbolId Symbol = new(7);

    private readonly InMemoryDriver<MessageCollector> _driver;

    public NodeHarness(string yaml, byte pricePrecision, byte sizePrecision)
    {
        Dag = Compile(yaml);
        Pipeline = new SymbolPipeline(Dag, Symbol, pricePrecision, sizePrecision);
        _driver = new InMemoryDriver<MessageCollector>(new SymbolExecutor([Pipeline]), new MessageCollector([]));
    }

    // candle_field is the only engine kind these pipelines need besides the indicator kinds.
    public static NodeCatalog Catalog() => IndicatorNodes.RegisterAll(new NodeCatalog().Register<CandleFieldNode>());

    public static CompiledDag Compile(string yaml) => DagCompiler.Compile(PipelineLoader.Parse(yaml, "test.yaml"), Catalog());

    public CompiledDag Dag { get; }

    public SymbolPipeline Pipeline { get; }

    public List<OutputMessage> Messages => _driver.Sink.Messages;

    public void Feed(in MarketEvent e) => _driver.Feed(in e);

    public int Step(string id) => Dag.IndexOf(id);

    public double Number(string id, int port = 0) => Pipeline.Dag.Number(Step(id), port);

    public long Integer(string id, int port = 0) => Pipeline.Dag.Integer(Step(id), port);

    public bool IsValid(string id, int port = 0) => Pipeline.Dag.IsValid(Step(id), port);

    public byte[] Snapshot()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Pipeline.WriteSnapshot(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
