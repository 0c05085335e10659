using System.CommandLine;
using System.CommandLine.Invocation;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Health;
using TradingEngine.Hosting.Serving;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te serve ROLE [--metrics HOST:PORT] …</c>: one role of a deployment across processes and machines
/// (docs/scaling.md): <c>gateway</c> (<c>te gateway</c>), <c>aggregator</c> and <c>executor --group NAME</c> (the live
/// engine of <c>te run --config</c>, shaped by <see cref="ServeRoles"/>), <c>sink</c> (<c>te sink run</c>) and
/// <c>publisher</c> (<c>te publish</c>). Each is the existing command with its options, plus the health endpoint
/// (<c>/healthz</c>, <c>/readyz</c>) on <c>--metrics</c>.
/// </summary>
public static class ServeCommand
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

    private static Command Gateway()
    {
        var health = new HealthState();
        return WithHealth(GatewayCommand.Create("gateway", "HTTP ingestion gateway -> the executors' JetStream streams (--config is the gateway's JSON, docs/gateway.md)", health), health);
    }

    private static Command Publisher()
    {
        var health = new HealthState();
        return WithHealth(PublishCommand.Create("publisher", "external publisher: internal binary subjects -> versioned public JSON", health), health);
    }

    private static Command Executor()
    {
        var health = new HealthState();
        var group = GroupOption("the executor entry of --config this process runs (its symbols, pipelines, core)");
        var command = RunCommand.Create("executor", "one executor group: its symbols' ticks and quotes from its own JetStream stream, journal, snapshots, DAG; internal outputs",
            new RoleHooks<NatsLiveEngineOptions, NatsLiveEngineOptions>(health, (result, options) => Shape("executor", () => ServeRoles.Executor(options, result.GetValue(group)))));
        command.Options.Add(group);
        return WithHealth(command, health);
    }

    private static Command Aggregator()
    {
        var health = new HealthState();
        var group = GroupOption("aggregate only this executor group's symbols (default: every symbol of --config)");
        var command = RunCommand.Create("aggregator", "candle aggregator: ticks.raw.* -> candles.internal.<sym>.<tf> (binary), the executors' aggregation code",
            new RoleHooks<NatsLiveEngineOptions, NatsLiveEngineOptions>(health, (result, options) => Shape("aggregator", () => ServeRoles.Aggregator(options, result.GetValue(group)))));
        command.Options.Add(group);
        return WithHealth(command, health);
    }

    private static Command Sink()
    {
        var health = new HealthState();
        var config = new Option<FileInfo?>("--config") { Description = "engine config (engine.yaml): node ids of every symbol's pipeline for the indicator rows" };
        var command = SinkCommand.Run("sink", "database sink: internal binary outputs -> PostgreSQL/TimescaleDB",
            new RoleHooks<SymbolRegistry, Func<SymbolId, int, string?>>(health, (result, symbols) => Shape<Func<SymbolId, int, string?>>("sink", () =>
            {
                var file = result.GetValue(config) ?? throw new ArgumentException("--config ENGINE.yaml is required: the sink names indicator rows by the pipelines' node ids");
                return EngineSet.Create(EngineConfigLoader.LoadFile(file.FullName), symbols).NodeName;
            })));
        command.Options.Add(config);
        return WithHealth(command, health);
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

    /// <summary>
    /// Adds <c>--metrics HOST:PORT</c> and serves the health endpoint around the command's own action: up before the
    /// role connects (so <c>/healthz</c> answers and <c>/readyz</c> is 503 while it starts), down after it stopped.
    /// </summary>
    internal static Command WithHealth(Command command, HealthState health)
    {
        var metrics = new Option<string?>("--metrics") { Description = "serve /healthz and /readyz on HOST:PORT (:9464 is 127.0.0.1:9464; 0.0.0.0:9464 exposes it on every interface, for Kubernetes probes); default off" };
        command.Options.Add(metrics);
        var inner = (AsynchronousCommandLineAction)command.Action!;
        command.SetAction(async (result, cancellationToken) =>
        {
            HealthEndpoint? endpoint = null;
            if (result.GetValue(metrics) is { } address)
            {
                if (!HealthAddress.TryParse(address, out var listen, out var error))
                {
                    Console.Error.WriteLine($"te serve {command.Name}: --metrics {error}");
                    return 2;
                }
                try
                {
                    endpoint = HealthEndpoint.Start(listen, health);
                }
                catch (IOException ex)
                {
                    Console.Error.WriteLine($"te serve {command.Name}: {ex.Message}");
                    return 2;
                }
                Console.Error.WriteLine($"te serve {command.Name}: health on http://{endpoint.Endpoint}/healthz and /readyz");
            }
            try
            {
                return await inner.InvokeAsync(result, cancellationToken);
            }
            finally
            {
                if (endpoint is not null)
                    await endpoint.DisposeAsync();
            }
        });
        return command;
    }
}
