using TradingEngine.Engine.Runtime;
using TradingEngine.Tests.Engine.Dag;
using TradingEngine.Tests.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>
/// Every indicator kind, emitting its messages, in one pipeline fed ticks, quotes, timers and gaps: after warm-up,
/// 1M events allocate nothing on the executing thread (the only thread the pipeline runs on). The assertion is on
/// this thread's bytes, not the process's: even inside the engine's non-parallel collection, xunit's reporting and
/// other finishing test classes allocate on their own threads (measured: ~1.6-3.6 KB per run, 0 on this thread),
/// which would make a process-wide assertion flaky without saying anything about the nodes.
/// </summary>
[Collection(nameof(ZeroAllocationCollection))]
public sealed class IndicatorNodeAllocationTests
{
    private const string Pipeline = """
        pipeline: every_indicator
        timeframes: [1m, 5m]
        session: utc
        nodes:
          - {id: close, kind: candle_field, inputs: [candles:1m]}
          - {id: sma, kind: sma, params: {period: 20, emit: true}, inputs: [close]}
          - {id: ema, kind: ema, params: {period: 9, emit: true}, inputs: {candles: candles:1m}}
          - {id: wma, kind: wma, params: {period: 9, emit: true}, inputs: {candles: forming:5m}}
          - {id: rsi, kind: rsi, params: {period: 14, emit: true}, inputs: [ema]}
          - {id: atr, kind: atr, params: {period: 14, emit: true}, inputs: [candles:5m]}
          - {id: vwap, kind: vwap, params: {session: utc, emit: true}, inputs: [candles:1m]}
          - {id: tvwap, kind: tick_vwap, params: {session: utc, emit: true}, inputs: [ticks]}
          - {id: delta, kind: delta_volume, params: {emit: true}, inputs: [ticks, candles:1m, quotes]}
          - {id: cum, kind: cumulative_delta, params: {session: utc, emit: true}, inputs: [ticks, quotes]}
          - {id: fp, kind: footprint, params: {tick_size: 0.25, emit: true}, inputs: [ticks, forming:5m, quotes]}
          - {id: profile, kind: volume_profile, params: {tick_size: 0.25, session: utc, levels: 65536, emit: true}, inputs: {ticks: ticks, refresh: candles:1m}}
          - {id: rolling, kind: volume_profile, params: {tick_size: 0.25, mode: rolling, window: 15m, levels: 65536}, inputs: [ticks]}
        """;

    [Fact]
    public void One_million_events_through_every_indicator_kind_allocate_nothing_process_wide()
    {
        var dag = NodeHarness.Compile(Pipeline);
        var symbol = new SymbolId(3);
        var executor = new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]);
        var driver = new InMemoryDriver<TestSink>(executor, default);
        var tape = new TickTape(symbol, 7);

        // Warm-up until a 200k-event window allocates nothing (first ladders and rings, first message-buffer growth).
        for (var window = 0; window < 20; window++)
        {
            var start = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 200_000; i++)
                driver.Feed(tape.Next());
            if (GC.GetAllocatedBytesForCurrentThread() == start)
                break;
        }

        var processBefore = GC.GetTotalAllocatedBytes(precise: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000_000; i++)
            driver.Feed(tape.Next());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var process = GC.GetTotalAllocatedBytes(precise: true) - processBefore;

        var failures = executor.Pipelines[0].Dag.Failures;
        Assert.True(allocated == 0, $"{allocated} bytes allocated on the executing thread over 1M events ({process} process-wide); {failures} node failures, last: {executor.Pipelines[0].Dag.LastFailure}");
        Assert.Equal(0, failures);
        Assert.True(driver.Sink.Messages > 1_000_000, $"{driver.Sink.Messages} messages emitted");
    }
}
