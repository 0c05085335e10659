using TradingEngine.Hosting.Observability;
using System.CommandLine;
using System.Net;
using TradingEngine.Dashboard.Server;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using Npgsql;
using TradingEngine.Nats;
using TradingEngine.Timescale.Queries;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te dashboard</c>: the live chart's server. Follows the engine's internal NATS subjects (every executor and process
/// that publishes there), keeps a snapshot and a history, and streams to browsers over WebSocket (docs/dashboard.md).
/// Read-only, loopback by default; a token from a file or the environment when it listens elsewhere.
/// </summary>
internal static class DashboardCommand
{
    public const string DefaultWebRoot = "src/TradingEngine.Dashboard/web/dist";

    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "address:port to serve on (default 127.0.0.1:8080; another address needs a token)", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "file whose first line is the token browsers must give (default: TE_DASHBOARD_TOKEN_FILE, else TE_DASHBOARD_TOKEN)" };
        var web = new Option<string>("--web") { Description = "the built page (npm run build in src/TradingEngine.Dashboard/web)", DefaultValueFactory = _ => DefaultWebRoot };
        var prefix = new Option<string?>("--prefix") { Description = "follow a replay's outputs (te replay --publish PREFIX) instead of the live engine's" };
        var candles = new Option<int>("--candles") { Description = "closed candles kept per symbol and timeframe for a page opened mid-session", DefaultValueFactory = _ => new DashboardHubOptions().CandlesPerSeries }.InRange(1, 1_000_000);
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "the pipeline the engine runs: the page draws its DAG (te dag --format json) with each node's last value" };
        var (pg, schema) = (SinkCommand.PgOption(), SinkCommand.SchemaOption());
        pg.Description = "with it, a page opened mid-session starts from the newest --candles closed candles of every series the sink stored (Npgsql connection string without the password; the password as for te sink); without it, from what this process received";
        var duration = new Option<double>("--duration") { Description = "stop after S seconds (0: until Ctrl+C)", DefaultValueFactory = _ => 0 }.RunSeconds();
        var nats = new NatsOptions();
        var metrics = MetricsOption.Create();
        var command = new Command("dashboard", "serve the live chart: candles, indicators, structure and signals from the internal NATS subjects, over WebSocket")
        {
            listen, tokenFile, web, prefix, candles, pipeline, pg, schema, duration, metrics,
        };
        nats.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            DashboardServerOptions serverOptions;
            CompiledDag? dag;
            try
            {
                dag = result.GetValue(pipeline) is { } file ? DagCompiler.Compile(PipelineLoader.LoadFile(file.ToString()), DagCommand.Catalog()) : null;
                serverOptions = new DashboardServerOptions
                {
                    Listen = ParseEndpoint(result.GetValue(listen)!),
                    Token = ReadToken(result.GetValue(tokenFile)),
                    WebRoot = Path.GetFullPath(result.GetValue(web)!),
                    Dag = dag is null ? null : DagCommand.Render(dag, "json"),
                };
                serverOptions.Validate();
                SubjectPrefix.Validate(result.GetValue(prefix));
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException)
            {
                Console.Error.WriteLine($"te dashboard: {ex.Message}");
                return 2;
            }
            catch (PipelineException ex)
            {
                foreach (var error in ex.Errors)
                    Console.Error.WriteLine($"te dashboard: {error}");
                return 2;
            }
            var symbols = new SymbolRegistry();
            var hub = new DashboardHub(symbols, new DashboardHubOptions { CandlesPerSeries = result.GetValue(candles) });
            if (result.GetResult(pg) is { Implicit: false })
            {
                if (SinkCommand.Options(result, pg, schema, "dashboard") is not { } database)
                    return 2;
                try
                {
                    var seeded = await SeedFromDatabaseAsync(new TimescaleQueries(database), hub, symbols, result.GetValue(candles), NodeIds(dag), cancellationToken);
                    Console.Error.WriteLine($"te dashboard: snapshot from PostgreSQL: {seeded.Candles:N0} closed candles of {seeded.Series:N0} series, {seeded.Structure:N0} structure outputs of {seeded.StructureSymbols:N0} symbols" +
                        (seeded.NotClosed > 0 ? $"; {seeded.NotClosed:N0} stored candles not closed left out (the sink stores closed candles only: written by something else?)" : "") +
                        (seeded.UnknownNodes > 0 ? $"; {seeded.UnknownNodes:N0} structure outputs of nodes not in {(dag is null ? "any pipeline (no --pipeline)" : "--pipeline")}, shown without a node" : ""));
                }
                catch (Exception ex) when (ex is NpgsqlException or FormatException)
                {
                    Console.Error.WriteLine($"te dashboard: --pg: {SecretRedactor.Redact(ex.Message)}");
                    return 1;
                }
            }
            var roleMetrics = new RoleMetrics("dashboard");
            await using var endpoint = MetricsOption.Start("te dashboard", MetricsOption.Address(result, metrics), roleMetrics, out var metricsFailed);
            if (metricsFailed)
                return 2;
            try
            {
                await using var connections = await NatsConnectionPair.ConnectAsync(nats.External(result, "te-dashboard"), nats.Internal(result, "te-dashboard"), cancellationToken: cancellationToken);
                await using var server = new DashboardServer(hub, serverOptions);
                await server.StartAsync(cancellationToken);
                var subscriber = new InternalOutputSubscriber<DashboardOutputHandler>(connections.Internal, symbols, new DashboardOutputHandler(hub), prefix: result.GetValue(prefix));
                // live only: the forming candles between the engine's closes come from the raw ticks (a replay publishes no ticks)
                var ticks = result.GetValue(prefix) is null ? new RawTickSubscriber<DashboardTickHandler>(connections.External, symbols, new DashboardTickHandler(hub)) : null;
                await using (subscriber)
                await using (ticks)
                {
                    await subscriber.StartAsync(cancellationToken);
                    if (ticks is not null)
                        await ticks.StartAsync(cancellationToken);
                    RoleMetricSets.Dashboard(roleMetrics, hub, () => subscriber.Rejected, connections);
                    roleMetrics.Running = true;
                    Console.Error.WriteLine($"te dashboard: {server.Address} (following {subscriber.SubjectFilter} on {connections.InternalEndpoint}{(ticks is null ? "" : $", forming candles from {RawTickSubscriber<DashboardTickHandler>.SubjectFilter} on {connections.ExternalEndpoint}")}){(serverOptions.Token is null ? "" : "; token required")}");
                    var seconds = result.GetValue(duration);
                    try
                    {
                        await Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl+C: stop cleanly
                    }
                }
                roleMetrics.Running = false;
                var s = hub.Stats();
                Console.Error.WriteLine($"te dashboard: {s.LastId:N0} outputs received, {subscriber.Rejected:N0} frames rejected{(subscriber.LastRejection is { } why ? $" (last: {why})" : "")}, {s.Rejected:N0} outputs without a JSON form; " +
                    $"{s.DroppedForming:N0} forming-candle updates dropped for slow browsers, {s.Resyncs:N0} resyncs" +
                    (ticks is null ? "" : $"; raw ticks: {ticks.Received:N0} read, {ticks.Rejected:N0} undecodable{(ticks.LastRejection is { } t ? $" (last: {t})" : "")}, {s.Ticks.Folded:N0} folded into forming candles, " +
                        $"{s.Ticks.NoSeries:N0} of a symbol with no closed candle yet, {s.Ticks.Late:N0} late and {s.Ticks.Unscalable:N0} with more digits than the candles (per timeframe)"));
                return 0;
            }
            catch (NatsConnectionRefusedException ex)
            {
                Console.Error.WriteLine($"te dashboard: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>What <see cref="SeedFromDatabaseAsync"/> put into the hub, and what it left out or could not place.</summary>
    internal readonly record struct DatabaseSeed(int Series, int Candles, int NotClosed, int StructureSymbols, int Structure, int UnknownNodes);

    /// <summary>
    /// Puts what the sink stored into the hub before any live output: the newest <paramref name="perSeries"/> closed
    /// candles of every series and the newest <paramref name="perSeries"/> market-structure outputs of every symbol, each
    /// oldest first: the snapshot a page opened mid-session starts from. Outputs the engine made while the sink had not
    /// yet committed them are in neither place (the sink's lag, docs/dashboard.md).
    /// </summary>
    internal static async Task<DatabaseSeed> SeedFromDatabaseAsync(TimescaleQueries queries, DashboardHub hub, SymbolRegistry symbols, int perSeries,
        IReadOnlyDictionary<string, int>? nodeIds, CancellationToken cancellationToken)
    {
        var series = await queries.CandleSeriesAsync(cancellationToken);
        var (loaded, notClosed, structure, unknown) = (0, 0, 0, 0);
        foreach (var (symbol, timeframe) in series)
        {
            foreach (var candle in await queries.LatestCandleMessagesAsync(symbol, timeframe, perSeries, symbols, cancellationToken))
            {
                if (!candle.IsClosed)
                {
                    notClosed++;
                    continue;
                }
                hub.Publish(OutputMessage.From(in candle, -1));
                loaded++;
            }
        }
        var structureSymbols = await queries.StructureSymbolsAsync(cancellationToken);
        foreach (var symbol in structureSymbols)
        {
            foreach (var message in await queries.LatestStructureMessagesAsync(symbol, perSeries, symbols, Node, cancellationToken))
            {
                hub.Publish(in message);
                structure++;
            }
        }
        return new DatabaseSeed(series.Count, loaded, notClosed, structureSymbols.Count, structure, unknown);

        int Node(string name)
        {
            if (nodeIds is not null && nodeIds.TryGetValue(name, out var id))
                return id;
            unknown++;
            return -1;
        }
    }

    /// <summary>Node id → step of the pipeline given with --pipeline (null without one).</summary>
    private static Dictionary<string, int>? NodeIds(CompiledDag? dag) =>
        dag?.Steps.Select((s, step) => (s.Id, step)).ToDictionary(x => x.Id, x => x.step, StringComparer.Ordinal);

    internal static IPEndPoint ParseEndpoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port is > 0 or 0 && text.Contains(':', StringComparison.Ordinal))
            return endpoint;
        throw new FormatException($"--listen '{text}': expected ADDRESS:PORT, e.g. 127.0.0.1:8080 or 0.0.0.0:8080");
    }

    /// <summary>The token from <paramref name="file"/>, else TE_DASHBOARD_TOKEN_FILE, else TE_DASHBOARD_TOKEN; null: none.</summary>
    internal static string? ReadToken(FileInfo? file)
    {
        var path = file?.FullName ?? Environment.GetEnvironmentVariable("TE_DASHBOARD_TOKEN_FILE");
        if (!string.IsNullOrEmpty(path))
        {
            var line = File.ReadLines(path).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(line) ? throw new ArgumentException($"--token-file {path}: the first line is empty") : line;
        }
        return Environment.GetEnvironmentVariable("TE_DASHBOARD_TOKEN") is { Length: > 0 } token ? token : null;
    }
}
