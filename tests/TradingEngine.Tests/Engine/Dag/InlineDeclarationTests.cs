using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// A node kind declares that a compiled plan may run it inline (<see cref="INode{TSelf}.Inlining"/>); the executor
/// asks the declaration, not the node's type: a kind of this test assembly that declares
/// <see cref="InlineForm.FormingClose"/> is inlined like <c>candle_field</c>, one that declares nothing is called.
/// </summary>
public sealed class InlineDeclarationTests
{
    private const string Yaml = """
        timeframes: [1m]
        nodes:
          - id: declared
            kind: test_close
            inputs: [forming:1m]
            publish: true
          - id: undeclared
            kind: test_close
            params: {declare: false}
            inputs: [forming:1m]
            publish: true
          - id: field
            kind: candle_field
            inputs: [forming:1m]
            publish: true
        """;

    [Fact]
    public void A_kind_that_declares_the_forming_close_is_inlined_and_one_that_does_not_is_called()
    {
        var compiled = Run(compiledPlans: true);
        var called = Run(compiledPlans: false);
        Assert.True(compiled.Dag.CompiledEvents > 100, $"{compiled.Dag.CompiledEvents} events ran compiled");
        // called through Evaluate on every trade without plans; inline (no call) once the plan is compiled
        Assert.Equal(Trades, called.DeclaredCalls);
        Assert.True(compiled.DeclaredCalls < 10, $"the declaring node was called {compiled.DeclaredCalls} times under a compiled plan");
        Assert.Equal(Trades, compiled.UndeclaredCalls);
        Assert.Equal(called.Boards, compiled.Boards);
        var declared = compiled.Dag.Dag.Steps.Single(s => s.Id == "declared").Order;
        var field = compiled.Dag.Dag.Steps.Single(s => s.Id == "field").Order;
        Assert.Equal(compiled.Dag.Number(field), compiled.Dag.Number(declared));
    }

    [Theory]
    [InlineData("close", InlineForm.FormingClose)]
    [InlineData("high", InlineForm.None)]
    [InlineData("typical", InlineForm.None)]
    public void Candle_field_declares_the_inline_form_for_the_close_only(string field, InlineForm expected)
    {
        var node = CandleFieldNode.Create(new NodeParameters("bridge", new Dictionary<string, object> { ["field"] = field }));
        Assert.Equal(expected, Inlining(in node));
    }

    [Fact]
    public void A_kind_that_declares_nothing_is_called()
    {
        var node = default(MixNode);
        Assert.Equal(InlineForm.None, Inlining(in node));
    }

    private static InlineForm Inlining<TNode>(in TNode node)
        where TNode : struct, INode<TNode> => TNode.Inlining(in node);

    private const int Trades = 400;

    private static (DagInstance Dag, List<long[]> Boards, long DeclaredCalls, long UndeclaredCalls) Run(bool compiledPlans)
    {
        TestCloseNode.Calls[0] = TestCloseNode.Calls[1] = 0;
        var catalog = EngineNodes.RegisterAll(new NodeCatalog()).Register<TestCloseNode>();
        var dag = DagCompiler.Compile(PipelineLoader.Parse(Yaml, "declared.yaml"), catalog);
        dag.CompilesPlans = compiledPlans;
        var symbol = new SymbolId(4);
        var pipeline = new SymbolPipeline(dag, symbol, 2, 0);
        var sink = new TestSink();
        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        var boards = new List<long[]>();
        var random = new Random(7);
        for (var i = 0; i < Trades; i++)
        {
            var tick = Tick.Create(symbol, start + (i * 1_500 * UtcNanos.PerMillisecond), new Price(1_000_000 + random.Next(-5000, 5000), 2), new Quantity(1, 0));
            var e = MarketEvent.FromTick(tick, i);
            pipeline.OnEvent(in e, ref sink);
            boards.Add(pipeline.Dag.Board.ToArray());
        }
        return (pipeline.Dag, boards, TestCloseNode.Calls[0], TestCloseNode.Calls[1]);
    }

    /// <summary>The close of its candle as a number, declaring the inline form unless <c>declare: false</c>; counts its calls.</summary>
    private struct TestCloseNode : INode<TestCloseNode>
    {
        // [0] calls of declaring nodes, [1] of the others (one test runs at a time in this class)
        public static readonly long[] Calls = new long[2];

        private const int CandlesIn = 0;
        private const int ValueOut = 0;
        private bool _declare;

        public static NodeKindInfo Describe() => new(
            "test_close",
            "close of a candle, declared inline",
            [ParameterSpec.Boolean("declare", true, "declare InlineForm.FormingClose")],
            PortList.Of((CandlesIn, new InputPort("candles", PortType.Candle))),
            PortList.Of((ValueOut, new OutputPort("value", PortType.Number))));

        public static TestCloseNode Create(NodeParameters parameters) => new() { _declare = parameters.Boolean("declare") };

        public static InlineForm Inlining(in TestCloseNode node) => node._declare ? InlineForm.FormingClose : InlineForm.None;

        public readonly bool Evaluate(NodeContext context)
        {
            Calls[_declare ? 0 : 1]++;
            ref readonly var c = ref context.Candle(CandlesIn);
            context.SetNumber(ValueOut, c.CloseRaw / Math.Pow(10, c.PricePrecision));
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
