namespace TradingEngine.Engine.Pipelines;

/// <summary>One problem in a pipeline file, located by file, line and node.</summary>
/// <param name="File">The pipeline file as the user named it.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="NodeId">The node concerned, or null for pipeline-level problems.</param>
/// <param name="Message">What is wrong: the input, the value and what was expected.</param>
public sealed record PipelineError(string File, int Line, string? NodeId, string Message)
{
    /// <summary><c>pipelines/es_futures.yaml:14: node 'ema_fast' input 'candles:7m' is not a declared timeframe</c>.</summary>
    public override string ToString() =>
        NodeId is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: node '{NodeId}' {Message}";
}
