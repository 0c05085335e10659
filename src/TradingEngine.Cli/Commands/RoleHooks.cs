using System.CommandLine;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// What <c>te serve ROLE</c> adds to an existing command (<c>te run</c>, <c>te sink run</c>): one adjustment of what the
/// command built from its options (the executor's group, the aggregator's candle-only pipelines, the sink's node
/// names). The adjustment writes its own error and returns null when the options cannot serve the role (the command
/// then exits 2). Health and readiness come from the command's own <c>--metrics</c> endpoint (docs/observability.md).
/// </summary>
internal sealed record RoleHooks<TIn, TOut>(Func<ParseResult, TIn, TOut?> Adjust)
    where TOut : class;
