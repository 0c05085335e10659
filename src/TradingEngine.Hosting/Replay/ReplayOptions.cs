using TradingEngine.Engine.Simulation;
using TradingEngine.Journal.Import;

namespace TradingEngine.Hosting.Replay;

/// <summary>What <c>te replay</c> runs: the input, the pipeline, the window and pace, and where outputs go.</summary>
public sealed record ReplayOptions
{
    public ReplaySource Source { get; init; } = ReplaySource.Synthetic;
    public string? JournalDirectory { get; init; }
    /// <summary>Files for <see cref="ReplaySource.Csv"/>, replayed in the order given.</summary>
    public IReadOnlyList<string> CsvFiles { get; init; } = [];
    /// <summary>How to read <see cref="CsvFiles"/>: the format and symbol options of <c>te import</c>.</summary>
    public ImportOptions? CsvImport { get; init; }
    public SyntheticSessionOptions Synthetic { get; init; } = new();
    /// <summary>The pipeline file; null: the one the instrument registry names for the symbols (key <c>pipeline:</c>).</summary>
    public string? PipelinePath { get; init; }

    /// <summary><c>--set NODE.PARAM=VALUE</c>: parameters that replace the pipeline file's (what a <c>te sweep</c> variant sets).</summary>
    public IReadOnlyList<TradingEngine.Engine.Pipelines.ParameterOverride> Overrides { get; init; } = [];

    /// <summary>
    /// An engine config (pipelines/engine.yaml): each symbol runs its own pipeline, as under <c>te run --config</c>;
    /// instead of <see cref="PipelinePath"/>, <see cref="InstrumentsPath"/> and <see cref="Symbols"/>.
    /// </summary>
    public string? ConfigPath { get; init; }
    public string InstrumentsPath { get; init; } = EngineFactory.DefaultInstruments;
    /// <summary>Symbols to run; empty: every symbol the input holds.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];
    /// <summary>Only events with event time in [From, To) (UTC ns); null: unbounded.</summary>
    public long? From { get; init; }
    public long? To { get; init; }
    /// <summary>0: as fast as possible; otherwise event time runs this many times faster than the wall clock.</summary>
    public double Speed { get; init; }
    public string? OutPath { get; init; }
    /// <summary>Directory for the backtest report (report.json, trades.csv); null: printed only.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>--skip-corrupt: replay past bad journal frames (reporting each) instead of stopping with an error.</summary>
    public bool SkipCorrupt { get; init; }
    /// <summary><c>--publish</c>: the connection and subject prefix the outputs go to (null: not published).</summary>
    public ReplayPublication? Publish { get; init; }

    /// <summary><c>--continuous ROOT</c>: replay one continuous series of the root's contracts (docs/rolls.md); null: each symbol as recorded.</summary>
    public TradingEngine.Journal.Continuous.ContinuousOptions? Continuous { get; init; }

    /// <summary>Print progress to standard error about twice a second.</summary>
    public bool Progress { get; init; }
}
