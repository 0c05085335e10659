namespace TradingEngine.Engine.Pipelines;

/// <summary>A pipeline failed to load or validate; <see cref="Errors"/> lists every problem found, in file order.</summary>
public sealed class PipelineException : Exception
{
    /// <summary>Wraps the collected errors.</summary>
    public PipelineException(IReadOnlyList<PipelineError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<PipelineError> Errors { get; }
}
