using TradingEngine.Hosting;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Types;

namespace TradingEngine.Cli.Sweep;

/// <summary>
/// The engine of one variant inside a sweep batch: the same engine (<see cref="EngineSet.Single"/>), host driver
/// (<see cref="EngineHost.InMemory{TSink}"/>), outputs (hash, report) and diagnostics as <c>te replay</c> builds, fed the
/// batch's shared decoded events in the replay's batch size.
/// </summary>
internal sealed class SweepVariantRun : IDisposable
{
    private readonly InMemoryEngineDriver<ReplaySink> _driver;
    private readonly ReplayOutputs _outputs;
    private readonly ReplayDiagnostics _diagnostics;

    public SweepVariantRun(int index, IReadOnlyList<ParameterOverride> parameters, SweepOptions options, IReadOnlyList<string> names, SymbolRegistry symbols)
    {
        Index = index;
        Parameters = parameters;
        var engines = EngineSet.Single(options.PipelinePath, options.InstrumentsPath, names, symbols, parameters);
        var dag = engines.FirstDag;
        var instruments = engines.Instruments;
        var steps = dag.Steps;
        _outputs = new ReplayOutputs(dag, symbols, null)
        {
            Report = new BacktestReportBuilder(node => (uint)node < (uint)steps.Count ? steps[node].Id : $"node {node}") { Symbols = symbols, Instruments = instruments },
        };
        _diagnostics = new ReplayDiagnostics(engines, symbols);
        _driver = EngineHost.InMemory(engines, _ => new ReplaySink(_outputs));
    }

    public int Index { get; }
    public IReadOnlyList<ParameterOverride> Parameters { get; }

    /// <summary>Feeds <paramref name="events"/> in slices of <paramref name="batch"/>, as the replay's driver loop does.</summary>
    public void Feed(ReadOnlySpan<MarketEvent> events, int batch)
    {
        for (var i = 0; i < events.Length; i++)
            _diagnostics.Observe(in events[i]);
        for (var at = 0; at < events.Length; at += batch)
            _driver.Feed(events.Slice(at, Math.Min(batch, events.Length - at)));
    }

    public SweepVariantResult Finish(ReplaySummary shared)
    {
        _driver.EndOfData();
        var summary = shared with
        {
            Candles = _outputs.Candles,
            EndOfDataCandles = _outputs.EndOfDataCandles,
            Messages = _outputs.Messages,
            NumericOutputs = _outputs.NumericOutputs,
            Signals = _outputs.Signals,
            NodeFailures = _driver.NodeFailures,
            OutputHash = _outputs.Hash,
            Drops = _diagnostics.Drops(_driver.Unrouted),
            Report = _outputs.Report?.Build(),
        };
        return new SweepVariantResult(Index, Parameters, summary);
    }

    public void Dispose() => _outputs.Dispose();
}
