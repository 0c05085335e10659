using BenchmarkDotNet.Attributes;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;
using static TradingEngine.Benchmarks.Engine.DispatchAlternatives;

namespace TradingEngine.Benchmarks.Engine;

/// <summary>
/// Per-step dispatch overhead of the node-call alternatives (25 steps per operation; divide by 25):
/// (a) class nodes with a virtual method (baseline); (b) struct banks behind a switch over a closed
/// kind enum (fastest possible, but every kind must be known to the engine assembly); (c) function
/// pointers to static generic trampolines over struct banks (what the engine uses: open to kinds of
/// any assembly, NativeAOT-safe); and the engine's own pipeline running a 25-node chain per tick (aggregation,
/// scheduling, changed bits and the NodeContext included), (d) with its plan compiled into one method (what runs
/// under a JIT) and (e) with plans off, the bitset walk (what runs under NativeAOT).
/// </summary>
[MemoryDiagnoser]
public unsafe class DagDispatchBenchmarks
{
    private readonly double[] _board = new double[Steps + 1];
    private VirtualNode[] _virtual = [];
    private Step[] _steps = [];
    private Bank<Scale> _scales = new();
    private Bank<Shift> _shifts = new();
    private Bank<Smooth> _smooths = new();
    private SymbolPipeline _pipeline = null!;
    private SymbolPipeline _listed = null!;
    private MarketEvent _tick;
    private NullSink _sink;

    [GlobalSetup]
    public void Setup()
    {
        _virtual = new VirtualNode[Steps];
        _steps = new Step[Steps];
        for (var i = 0; i < Steps; i++)
        {
            var kind = (byte)(i % 3);
            _virtual[i] = kind switch
            {
                0 => new VirtualScale { Input = i, Output = i + 1 },
                1 => new VirtualShift { Input = i, Output = i + 1 },
                _ => new VirtualSmooth { Input = i, Output = i + 1 },
            };
            _scales.Nodes[i] = new Scale { K = 0.5 };
            _shifts.Nodes[i] = new Shift { C = 1.25 };
            _steps[i] = kind switch
            {
                0 => new Step { Kind = 0, Index = i, Input = i, Output = i + 1, Bank = _scales, Run = &Bank<Scale>.Run },
                1 => new Step { Kind = 1, Index = i, Input = i, Output = i + 1, Bank = _shifts, Run = &Bank<Shift>.Run },
                _ => new Step { Kind = 2, Index = i, Input = i, Output = i + 1, Bank = _smooths, Run = &Bank<Smooth>.Run },
            };
        }

        // (d): a chain of 25 engine nodes, every one of which runs on every tick.
        var nodes = new List<NodeSpec> { new() { Id = "n0", Kind = "candle_field", Line = 1, Inputs = [new InputReference(null, "forming:1m", 1)] } };
        for (var i = 1; i < Steps; i++)
            nodes.Add(new NodeSpec { Id = $"n{i}", Kind = "cumulative", Line = i + 1, Inputs = [new InputReference(null, $"n{i - 1}", i + 1)] });
        var spec = new PipelineSpec { File = "chain", Name = "chain", Timeframes = [BarSpec.Parse("1m")], Nodes = nodes };
        var catalog = EngineNodes.RegisterAll(new NodeCatalog());
        var symbol = new SymbolId(1);
        _pipeline = new SymbolPipeline(DagCompiler.Compile(spec, catalog), symbol, 2, 0);
        var listed = DagCompiler.Compile(spec, catalog);
        listed.CompilesPlans = false;
        _listed = new SymbolPipeline(listed, symbol, 2, 0);
        _tick = MarketEvent.FromTick(Tick.Create(symbol, UtcNanos.FromDateTime(new DateTime(2024, 1, 2, 15, 0, 0, DateTimeKind.Utc)), new Price(100_00, 2), new Quantity(1, 0)));
        // a few trades in: each pipeline has adopted (and the first compiled) the trade's set as its plan
        for (var i = 0; i <= DagInstance.PlanAfter; i++)
        {
            _pipeline.OnEvent(in _tick, ref _sink);
            _listed.OnEvent(in _tick, ref _sink);
        }
        _board[0] = 1.0;
    }

    [Benchmark(Baseline = true, Description = "(a) virtual class nodes")]
    public int VirtualCalls()
    {
        var ran = 0;
        var board = _board;
        foreach (var node in _virtual)
        {
            if (node.Evaluate(board))
                ran++;
        }
        return ran;
    }

    [Benchmark(Description = "(b) switch over closed kinds, struct banks")]
    public int SwitchOverKinds()
    {
        var ran = 0;
        var board = _board;
        var steps = _steps;
        for (var i = 0; i < steps.Length; i++)
        {
            ref var s = ref steps[i];
            var changed = s.Kind switch
            {
                0 => _scales.Nodes[s.Index].Evaluate(board, s.Input, s.Output),
                1 => _shifts.Nodes[s.Index].Evaluate(board, s.Input, s.Output),
                _ => _smooths.Nodes[s.Index].Evaluate(board, s.Input, s.Output),
            };
            if (changed)
                ran++;
        }
        return ran;
    }

    [Benchmark(Description = "(c) function pointer to generic trampoline")]
    public int FunctionPointers()
    {
        var ran = 0;
        var board = _board;
        var steps = _steps;
        for (var i = 0; i < steps.Length; i++)
        {
            ref var s = ref steps[i];
            if (s.Run(s.Bank, s.Index, board, s.Input, s.Output))
                ran++;
        }
        return ran;
    }

    [Benchmark(Description = "(d) engine pipeline, 25-node chain per tick, compiled plan")]
    public long EngineChain()
    {
        _pipeline.OnEvent(in _tick, ref _sink);
        return _pipeline.Dag.Evaluations;
    }

    [Benchmark(Description = "(e) engine pipeline, 25-node chain per tick, bitset walk")]
    public long EngineChainListed()
    {
        _listed.OnEvent(in _tick, ref _sink);
        return _listed.Dag.Evaluations;
    }
}
