using TradingEngine.Hosting;
namespace TradingEngine.Cli.Sweep;

/// <summary>What <c>te sweep</c> runs: a journal, a pipeline and instruments as <c>te replay</c> takes them, the spec, the window.</summary>
internal sealed record SweepOptions
{
    public required string JournalDirectory { get; init; }
    public required SweepSpec Spec { get; init; }
    public string? PipelinePath { get; init; }
    public string InstrumentsPath { get; init; } = EngineFactory.DefaultInstruments;
    public IReadOnlyList<string> Symbols { get; init; } = [];
    public long? From { get; init; }
    public long? To { get; init; }

    /// <summary>Variants run at once (each on its own core); 0: every core.</summary>
    public int Parallelism { get; init; }

    /// <summary>Walk-forward folds: the window is cut into Folds+1 equal spans; fold k optimises on span k and tests on k+1. 0: off.</summary>
    public int WalkForward { get; init; }

    /// <summary>Where results.csv and results.json go; null: printed only.</summary>
    public string? OutDirectory { get; init; }
}
