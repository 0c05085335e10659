using System.CommandLine;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Roles;
using TradingEngine.Hosting.Serving;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te serve ROLE [--metrics HOST:PORT] …</c>: one role of a deployment across processes and machines
/// (docs/scaling.md): <c>gateway</c> (<c>te gateway</c>), <c>aggregator</c> and <c>executor --group NAME</c> (the live
/// engine of <c>te run --config</c>, shaped by <see cref="ServeRoles"/>), <c>sink</c> (<c>te sink run</c>) and
/// <c>publisher</c> (<c>te publish</c>). Each is the existing command with its options, among them <c>--metrics HOST:PORT</c>: the
/// role's <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (docs/observability.md), which Kubernetes probes.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "run one role of a distributed deployment: gateway, aggregator, executor --group NAME, sink, publisher");
        command.Subcommands.Add(Gateway());
        command.Subcommands.Add(Aggregator());
        command.Subcommands.Add(Executor());
        command.Subcommands.Add(Sink());
        command.Subcommands.Add(Publisher());
        return command;
    }

    private static Command Gateway() =>
        GatewayCommand.Create("gateway", "HTTP ingestion gateway -> the executors' JetStream streams (--config is the gateway's JSON, docs/gateway.md)");

    private static Command Publisher() =>
        PublishCommand.Create("publisher", "external publisher: internal binary subjects -> versioned public JSON");

    private static Command Executor()
    {
        var group = GroupOption("the executor entry of --config this process runs (its symbols, pipelines, core)");
        var cpu = new Option<string?>("--cpu")
        {
            Description = "pin the executor thread to: 'granted' (the lowest core this process may use: what Kubernetes' static CPU manager granted), 'none', or a core number; default: the config's cpu:",
        };
        var bucket = new Option<string?>("--snapshot-bucket")
        {
            Description = "also put each snapshot into this JetStream object store bucket (object state.snapshot.<group>), and restore from it when the state directory is fresh (another node): docs/scaling.md",
        };
        var replicas = new Option<int>("--stream-replicas") { Description = "replicas of the group's stream and snapshot bucket in a JetStream cluster", DefaultValueFactory = _ => 1 };
        var command = RunCommand.Create("executor", "one executor group: its symbols' ticks and quotes from its own JetStream stream, journal, snapshots, DAG; internal outputs",
            new RoleHooks<NatsLiveEngineOptions, NatsLiveEngineOptions>((result, options) => Shape("executor",
                () => ServeRoles.Executor(options, result.GetValue(group), result.GetValue(cpu), result.GetValue(bucket), result.GetValue(replicas)))));
        command.Options.Add(group);
        command.Options.Add(cpu);
        command.Options.Add(bucket);
        command.Options.Add(replicas);
        return command;
    }

    private static Command Aggregator()
    {
        var group = GroupOption("aggregate only this executor group's symbols (default: every symbol of --config)");
        var command = RunCommand.Create("aggregator", "candle aggregator: ticks.raw.* -> candles.internal.<sym>.<tf> (binary), the executors' aggregation code",
            new RoleHooks<NatsLiveEngineOptions, NatsLiveEngineOptions>((result, options) => Shape("aggregator", () => ServeRoles.Aggregator(options, result.GetValue(group)))));
        command.Options.Add(group);
        return command;
    }

    private static Command Sink()
    {
        var config = new Option<FileInfo?>("--config") { Description = "engine config (engine.yaml): node ids of every symbol's pipeline for the indicator rows" };
        var command = SinkCommand.Run("sink", "database sink: internal binary outputs -> PostgreSQL/TimescaleDB",
            new RoleHooks<SymbolRegistry, Func<SymbolId, int, string?>>((result, symbols) => Shape<Func<SymbolId, int, string?>>("sink", () =>
            {
                var file = result.GetValue(config) ?? throw new ArgumentException("--config ENGINE.yaml is required: the sink names indicator rows by the pipelines' node ids");
                return SinkRoleOptions.NodeNamesOfConfig(file.FullName, symbols);
            })));
        command.Options.Add(config);
        return command;
    }

    private static Option<string?> GroupOption(string description) => new("--group") { Description = description };

    // a role's adjustment: its error is one line naming the role, exit 2
    private static T? Shape<T>(string role, Func<T> shape)
        where T : class
    {
        try
        {
            return shape();
        }
        catch (Exception ex) when (ex is ArgumentException or PipelineException or IOException)
        {
            Console.Error.WriteLine($"te serve {role}: {ex.Message}");
            return null;
        }
    }
}
