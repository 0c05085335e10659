using TradingEngine.Engine.Pipelines;
using TradingEngine.Nats;

namespace TradingEngine.Hosting.Serving;

/// <summary>
/// How <c>te serve executor</c> and <c>te serve aggregator</c> differ from <c>te run --config</c>: the same live
/// engine (<see cref="NatsLiveEngine"/>, the same host, journal and recovery) with the options each role needs.
/// docs/scaling.md states what each role guarantees.
/// </summary>
public static class ServeRoles
{
    private static readonly JetStreamOptions Defaults = new();

    /// <summary>
    /// One executor group: only that entry of the engine config; no-loss input from the group's own JetStream stream
    /// and durable (<see cref="ExecutorGroups.StreamName"/>, unless <c>--stream</c>/<c>--consumer</c> name others);
    /// journal and snapshots under a directory named after the group (so groups can share a volume); internal binary
    /// output only, without candles (the aggregator owns <c>candles.internal.*</c>; <c>te serve publisher</c> writes the
    /// public JSON). A symbol of another group never enters: the stream does not capture it, and one left in the stream
    /// by an earlier config is skipped and counted (not owned).
    /// </summary>
    /// <param name="cpu"><c>--cpu</c>: null keeps the config's <c>cpu:</c>; see <see cref="ExecutorCpu"/>.</param>
    /// <param name="snapshotBucket"><c>--snapshot-bucket</c>: also keep snapshots on the bus (<see cref="SnapshotBus"/>); needs <c>--snapshots</c>.</param>
    /// <param name="replicas"><c>--stream-replicas</c>: replicas of the group's stream and of the bucket (3 in a cluster).</param>
    public static NatsLiveEngineOptions Executor(NatsLiveEngineOptions options, string? group, string? cpu = null, string? snapshotBucket = null, int replicas = 1)
    {
        if (snapshotBucket is not null && options.SnapshotDirectory is null)
            throw new ArgumentException($"--snapshot-bucket {snapshotBucket} needs --snapshots DIR: the executor writes each snapshot locally first, then puts it on the bus");
        if (replicas is < 1 or > 5)
            throw new ArgumentException($"--stream-replicas {replicas}: JetStream keeps 1 to 5 replicas (3 in a 3-node cluster)");
        if (string.IsNullOrWhiteSpace(group))
            throw new ArgumentException("--group NAME is required: the executor entry of the engine config this process runs");
        var config = ExecutorGroups.Select(Config(options, "executor"), group);
        if (cpu is not null)
            config = config with { Executors = [config.Executors[0] with { Cpu = ExecutorCpu.Resolve(cpu, EngineSet.AllowedCpus()) }] };
        var key = ExecutorGroups.Key(group);
        return options with
        {
            Config = config,
            JetStream = true,
            StreamName = options.StreamName == Defaults.StreamName ? ExecutorGroups.StreamName(group) : options.StreamName,
            ConsumerName = options.ConsumerName == Defaults.ConsumerName ? ExecutorGroups.ConsumerName(group) : options.ConsumerName,
            JournalDirectory = Path.Combine(options.JournalDirectory, key),
            SnapshotDirectory = options.SnapshotDirectory is { } snapshots ? Path.Combine(snapshots, key) : null,
            PublishPublic = false,
            PublishCandles = false,
            StreamReplicas = replicas,
            SnapshotBus = snapshotBucket is null ? null : new SnapshotBusOptions { Bucket = snapshotBucket, Key = key, Replicas = replicas },
        };
    }

    /// <summary>
    /// The aggregator: every symbol of the config (or of one <c>--group</c>) on one executor whose pipelines keep only
    /// their candle series (<see cref="CandleAggregation"/>), fed from core NATS <c>ticks.raw.{sym}</c> (and quotes,
    /// external candles) beside the executors' streams, journaled under <c>aggregator</c>, publishing
    /// <c>candles.internal.{sym}.{tf}</c> binary only.
    /// </summary>
    public static NatsLiveEngineOptions Aggregator(NatsLiveEngineOptions options, string? group)
    {
        var config = Config(options, "aggregator");
        if (!string.IsNullOrWhiteSpace(group))
            config = ExecutorGroups.Select(config, group);
        return options with
        {
            Config = CandleAggregation.Config(config),
            PipelineShape = CandleAggregation.CandlesOnly,
            JetStream = false,
            JournalDirectory = Path.Combine(options.JournalDirectory, string.IsNullOrWhiteSpace(group) ? CandleAggregation.ExecutorName : CandleAggregation.ExecutorName + "-" + ExecutorGroups.Key(group)),
            PublishPublic = false,
            PublishCandles = true,
        };
    }

    private static TradingEngine.Engine.Runtime.EngineConfig Config(NatsLiveEngineOptions options, string role) =>
        options.Config ?? throw new ArgumentException($"te serve {role} needs --config ENGINE.yaml (its executors: entries are the symbol groups), not --pipeline/--symbols");
}
