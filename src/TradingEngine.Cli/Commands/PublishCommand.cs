using TradingEngine.Hosting.Observability;
using TradingEngine.Hosting.Roles;
using System.CommandLine;
using TradingEngine.Nats;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te publish [--nats URL] [--nats-internal URL] [--duration S]</c>: the external publisher as its own process
/// (the seed's K3s model): binary frames from the internal subjects, republished as versioned JSON on the public
/// subjects, composed by the host's <see cref="PublisherRole"/>. Pair it with <c>te run --no-public</c>.
/// </summary>
internal static class PublishCommand
{
    public static Command Create() => Create("publish", "standalone external publisher: internal binary subjects -> public JSON subjects");

    /// <summary>The command under another name (<c>te serve publisher</c>).</summary>
    internal static Command Create(string name, string description)
    {
        var duration = new Option<double>("--duration") { Description = "stop after S seconds (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 }.RunSeconds();
        var nats = new NatsOptions();
        var metrics = MetricsOption.Create();
        var command = new Command(name, description) { duration, metrics };
        nats.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var external = nats.External(result, "te-publish");
            var roleMetrics = new RoleMetrics("publish");
            await using var endpoint = MetricsOption.Start("te publish", MetricsOption.Address(result, metrics), roleMetrics, out var metricsFailed);
            if (metricsFailed)
                return 2;
            try
            {
                await using var publisher = await PublisherRole.StartAsync(external, nats.Internal(result, "te-publish"), roleMetrics, cancellationToken);
                Console.Error.WriteLine($"te publish: {publisher.Route}");
                await RoleLifetime.RunAsync(result.GetValue(duration), cancellationToken);
                Console.Error.WriteLine($"te publish: {publisher.Stop()}");
                return 0;
            }
            catch (NatsConnectionRefusedException ex)
            {
                Console.Error.WriteLine($"te publish: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
