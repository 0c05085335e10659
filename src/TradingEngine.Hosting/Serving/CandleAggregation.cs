using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;

namespace TradingEngine.Hosting.Serving;

/// <summary>
/// The aggregator role (<c>te serve aggregator</c>): every symbol of the engine config on one executor whose pipelines
/// keep their candle series, session and lateness and lose their nodes, so the same <c>CandleAggregator</c> the
/// executors run closes the same candles from the same ticks, and they go out on <c>candles.internal.{sym}.{tf}</c>
/// (binary) for the sink, the external publisher and dashboards. No indicator runs there.
/// </summary>
internal static class CandleAggregation
{
    /// <summary>The executor name the aggregator runs under (its thread is <c>executor:aggregator</c>).</summary>
    public const string ExecutorName = "aggregator";

    /// <summary>One executor owning every symbol of every group of <paramref name="config"/>, with the same pipelines.</summary>
    public static EngineConfig Config(EngineConfig config) => config with
    {
        Executors = [new ExecutorConfig(ExecutorName, null, config.Executors.SelectMany(e => e.Symbols).ToArray(), 0)],
    };

    /// <summary>A pipeline reduced to its candles: the same series, session and lateness, no nodes.</summary>
    public static PipelineSpec CandlesOnly(PipelineSpec spec) => spec.WithNodes([]);
}
