using BenchmarkDotNet.Attributes;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Strategies;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Strategies;

/// <summary>
/// Cost of ONE strategy node per trigger candle, isolated: a run of the whole structure pipeline (liquidity 1m,
/// FVG / order blocks 5m, BOS 1m/5m/15m, EMAs 1m/5m/15m, on external 1m/5m/15m walk candles) is recorded per node
/// (<see cref="StrategyTape"/>: every evaluation the DAG gave it, with the upstream outputs and changed-input bits it
/// saw), then replayed into the node alone through a real <see cref="NodeContext"/>, 4096 trigger candles per call
/// (OperationsPerInvoke). The evaluations its other inputs cause between trigger candles (a 5m EMA or a 15m trend
/// changing) are replayed too and counted in. Bar mode (no ticks bound: fills at the next bar's open), no delta input.
/// Baseline: <c>candle_field</c>, the cheapest node kind, replayed through the same harness on its 1m candles.
/// Bar: ≤ 50 ns per candle update, 0 B/op.
/// Run: dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*StrategyNodeBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class StrategyNodeBenchmarks
{
    private const int N = 4096;

    // The structure part of StrategyPipelineBenchmarks on external candles of each timeframe, every node published so
    // the recording sees what changed; the three strategies read what es_futures.yaml gives them (no ticks, no delta).
    private const string Yaml = """
        pipeline: bench_nodes
        timeframes: [1m, 5m, 15m]
        nodes:
          - {id: close_1m, kind: candle_field, inputs: [external:1m], publish: true}
          - {id: close_5m, kind: candle_field, inputs: [external:5m], publish: true}
          - {id: close_15m, kind: candle_field, inputs: [external:15m], publish: true}
          - {id: liq_1m, kind: liquidity_levels, params: {strength: 3, tick_size: 0.25, cluster_ticks: 2}, inputs: [external:1m], publish: true}
          - {id: fvg_5m, kind: fair_value_gaps, params: {tick_size: 0.25, min_ticks: 2}, inputs: [external:5m], publish: true}
          - {id: ob_5m, kind: order_blocks, inputs: [external:5m], publish: true}
          - {id: bos_1m, kind: break_of_structure, inputs: [external:1m], publish: true}
          - {id: bos_5m, kind: break_of_structure, inputs: [external:5m], publish: true}
          - {id: bos_15m, kind: break_of_structure, inputs: [external:15m], publish: true}
          - {id: ema_1m, kind: ema, params: {period: 20}, inputs: [close_1m], publish: true}
          - {id: ema_5m, kind: ema, params: {period: 20}, inputs: [close_5m], publish: true}
          - {id: ema_15m, kind: ema, params: {period: 20}, inputs: [close_15m], publish: true}
          - id: breakout
            kind: liquidity_breakout
            inputs: {candles: external:1m, sweep: liq_1m.event}
          - id: reversion
            kind: structure_reversion
            inputs:
              candles: external:5m
              bull_top: [fvg_5m.bull_top, ob_5m.bull_top]
              bull_bottom: [fvg_5m.bull_bottom, ob_5m.bull_bottom]
              bear_top: [fvg_5m.bear_top, ob_5m.bear_top]
              bear_bottom: [fvg_5m.bear_bottom, ob_5m.bear_bottom]
              trend: bos_15m.trend
          - id: confluence
            kind: multi_tf_confluence
            inputs:
              candles: external:1m
              ema: [ema_1m, ema_5m, ema_15m]
              trend: [bos_1m.trend, bos_5m.trend, bos_15m.trend]

        """;

    private CompiledDag _dag = null!;
    private long[] _board = [];
    private bool[] _valid = [];
    private ulong[] _changed = [];
    private CandleBoard _candles = null!;
    private MessageBuffer _messages = null!;
    private NodeContext _context = null!;
    private StrategyTape _fieldTape = null!, _breakoutTape = null!, _reversionTape = null!, _confluenceTape = null!;
    private long _fieldShift, _breakoutShift, _reversionShift, _confluenceShift;

    // Non-readonly fields: node states are mutable structs evaluated in place.
    private CandleFieldNode _field;
    private LiquidityBreakoutNode _breakout;
    private StructureReversionNode _reversion;
    private MultiTfConfluenceNode _confluence;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = StrategyNodes.Register(MarketStructureNodes.Register(IndicatorNodes.RegisterAll(EngineNodes.RegisterAll(new NodeCatalog()))));
        _dag = DagCompiler.Compile(PipelineLoader.Parse(Yaml, "bench_nodes.yaml"), catalog);
        _board = new long[_dag.BoardSize];
        _valid = new bool[_dag.BoardSize];
        _changed = new ulong[Math.Max(1, (_dag.SourceCount + _dag.Steps.Count + 63) / 64)];
        _candles = new SymbolPipeline(_dag, new SymbolId(1), 2, 0).Candles;
        _messages = new MessageBuffer();
        _context = new NodeContext(_dag, _board, _valid, _changed, _candles, _messages, new SymbolId(1));

        _fieldTape = StrategyTape.Record(_dag, "close_1m", N);
        _breakoutTape = StrategyTape.Record(_dag, "breakout", N);
        _reversionTape = StrategyTape.Record(_dag, "reversion", N);
        _confluenceTape = StrategyTape.Record(_dag, "confluence", N);
        _field = CandleFieldNode.Create(_dag.Steps[_fieldTape.Step].Parameters);
        _breakout = LiquidityBreakoutNode.Create(_dag.Steps[_breakoutTape.Step].Parameters);
        _reversion = StructureReversionNode.Create(_dag.Steps[_reversionTape.Step].Parameters);
        _confluence = MultiTfConfluenceNode.Create(_dag.Steps[_confluenceTape.Step].Parameters);

        // Warm up into steady state (positions opened and closed, RSI/ATR seeded); count what the replay produced.
        for (var pass = 0; pass < 2; pass++)
        {
            Field();
            var messages = 0;
            messages += Replay(ref _breakout, _breakoutTape, ref _breakoutShift);
            messages += Replay(ref _reversion, _reversionTape, ref _reversionShift);
            messages += Replay(ref _confluence, _confluenceTape, ref _confluenceShift);
            Console.WriteLine($"// pass {pass}: evaluations per {N} trigger candles: breakout {_breakoutTape.Evaluations}, reversion {_reversionTape.Evaluations}, confluence {_confluenceTape.Evaluations}; messages {messages}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public int Field() => Replay(ref _field, _fieldTape, ref _fieldShift);

    [Benchmark(OperationsPerInvoke = N)]
    public int LiquidityBreakout() => Replay(ref _breakout, _breakoutTape, ref _breakoutShift);

    [Benchmark(OperationsPerInvoke = N)]
    public int StructureReversion() => Replay(ref _reversion, _reversionTape, ref _reversionShift);

    [Benchmark(OperationsPerInvoke = N)]
    public int MultiTfConfluence() => Replay(ref _confluence, _confluenceTape, ref _confluenceShift);

    /// <summary>
    /// One pass over a tape: per evaluation, the upstream values that changed go onto the board, the changed bits
    /// are set, the trigger candle (moved one tape span later per pass, so event time keeps increasing) is shown as
    /// external, and the node evaluates; emitted messages are dropped as the DAG's publish step would.
    /// </summary>
    private int Replay<TNode>(ref TNode node, StrategyTape tape, ref long shift)
        where TNode : struct, INode<TNode>
    {
        var context = _context;
        context.PortBase = tape.PortBase;
        context.OutputBase = tape.OutputBase;
        context.CurrentStep = tape.Step;
        var board = _board;
        var valid = _valid;
        var changed = _changed;
        var words = tape.Words;
        var slots = tape.Slots;
        var values = tape.Values;
        var starts = tape.UpdateStart;
        var offset = shift;
        shift += tape.Span;
        var messages = 0;
        for (var e = 0; e < tape.Evaluations; e++)
        {
            for (var u = starts[e]; u < starts[e + 1]; u++)
            {
                board[slots[u]] = values[u];
                valid[slots[u]] = true;
            }
            for (var w = 0; w < words; w++)
                changed[w] = tape.Changed[(e * words) + w];
            if (tape.HasCandle[e])
            {
                var c = tape.Candles[e];
                c.OpenTime += offset;
                c.CloseTime += offset;
                c.LastEventTime += offset;
                _candles.SetExternal(tape.TriggerTimeframe, in c);
            }
            node.Evaluate(context);
            messages += _messages.Count;
            _messages.Count = 0;
        }
        return messages;
    }
}
