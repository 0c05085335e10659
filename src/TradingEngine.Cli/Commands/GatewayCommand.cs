using System.CommandLine;
using TradingEngine.Gateway;
using TradingEngine.Hosting.Observability;
using TradingEngine.Nats;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te gateway --config gateway.json [--nats URL] [--urls URL,…] [--duration S]</c>: the HTTP ingestion gateway
/// (docs/gateway.md) in front of the engine's JetStream stream. <c>te gateway --hash-token</c> reads a feeder token from
/// standard input and prints the <c>token_sha256</c> to put in the config (the token never appears on a command line).
/// </summary>
internal static class GatewayCommand
{
    public static Command Create() => Create("gateway", "HTTP ingestion gateway: POST /v1/md/batches -> JetStream (NinjaTrader and other feeders)");

    /// <summary>The command under another name (<c>te serve gateway</c>).</summary>
    internal static Command Create(string name, string description)
    {
        var config = new Option<FileInfo?>("--config") { Description = "gateway config (JSON: feeders, limits, Kestrel endpoints and TLS; docs/gateway.md)" };
        var urls = new Option<string[]>("--urls") { Description = "listen URLs when the config has no Kestrel endpoints (default http://127.0.0.1:8480)", AllowMultipleArgumentsPerToken = true };
        var duration = new Option<double>("--duration") { Description = "stop after S seconds (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 }.RunSeconds();
        var hashToken = new Option<bool>("--hash-token") { Description = "read a feeder token from standard input, print its token_sha256 and exit" };
        var nats = new NatsOptions();
        var metrics = MetricsOption.Create();
        var command = new Command(name, description)
        {
            config, urls, duration, hashToken, metrics, nats.Url, nats.User, nats.PasswordFile, nats.TokenFile, nats.NKeySeedFile, nats.CredsFile,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(hashToken))
            {
                var token = (await Console.In.ReadLineAsync(cancellationToken))?.Trim();
                if (string.IsNullOrEmpty(token))
                {
                    Console.Error.WriteLine("te gateway --hash-token: standard input held no token");
                    return 2;
                }
                Console.WriteLine(FeederCredential.Hash(token));
                return 0;
            }
            if (result.GetValue(config) is not { } file)
            {
                Console.Error.WriteLine("te gateway: --config FILE is required (docs/gateway.md shows one)");
                return 2;
            }
            try
            {
                var defaults = new GatewayOptions { Nats = nats.External(result, "te-gateway") };
                var (options, kestrel) = GatewayConfig.Load(file.FullName, defaults);
                if (result.GetValue(urls) is { Length: > 0 } listen)
                    options = options with { Urls = listen };
                if (options.Feeders.Count == 0)
                {
                    Console.Error.WriteLine($"te gateway: {file.FullName} has no feeders: every request would be refused");
                    return 2;
                }
                var roleMetrics = new RoleMetrics("gateway");
                await using var endpoint = MetricsOption.Start("te gateway", MetricsOption.Address(result, metrics), roleMetrics, out var metricsFailed);
                if (metricsFailed)
                    return 2;
                await using var gateway = await GatewayServer.StartAsync(options, kestrel, line => Console.Error.WriteLine($"te gateway: {line}"), cancellationToken);
                RoleMetricSets.Gateway(roleMetrics, gateway);
                roleMetrics.Running = true;
                Console.Error.WriteLine($"te gateway: listening on {string.Join(", ", gateway.Urls)} -> NATS {options.Nats.SafeUrl} stream {options.StreamName}, " +
                                        $"{options.Feeders.Count} feeder(s), marks in KV {options.MarkBucket}");
                var seconds = result.GetValue(duration);
                try
                {
                    await Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop cleanly
                }
                roleMetrics.Running = false;
                Console.Error.WriteLine($"te gateway: {gateway.Counters.Summary()}; {gateway.DeadLettered:N0} rows dead-lettered");
                return 0;
            }
            catch (GatewayConfigException ex)
            {
                Console.Error.WriteLine($"te gateway: {ex.Message}");
                return 2;
            }
            catch (NatsConnectionRefusedException ex)
            {
                Console.Error.WriteLine($"te gateway: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
