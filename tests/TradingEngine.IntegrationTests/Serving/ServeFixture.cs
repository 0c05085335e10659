using System.Globalization;
using System.Net;
using System.Text;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// What the <c>te serve</c> tests share: a directory with an instrument registry and an engine config of two executor
/// groups (<c>es</c>: one ES-like symbol, <c>other</c>: a second one), both on the repository's es_futures.yaml; real ES
/// trades of 2023-12-25/26 (Databento, ESH4) as tick JSON for either symbol; starting a role and waiting for its
/// <c>/readyz</c>.
/// </summary>
internal sealed class ServeFixture : IDisposable
{
    public ServeFixture()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        Es = "F" + suffix;
        Other = "G" + suffix;
        Directory = System.IO.Directory.CreateTempSubdirectory("te-serve-").FullName;
        var repo = TestData.RepositoryRoot();
        File.WriteAllText(Path.Combine(Directory, "instruments.yaml"), $"""
            unknown_symbols: reject
            sessions:
              cme_globex:
                time_zone: America/Chicago
                open: "17:00"
                close: "16:00"
                anchor: "17:00"
            instruments:
              - symbol: {Es}
                tick_size: 0.25
                price_precision: 2
                size_precision: 0
                point_value: 50
                currency: USD
                session: cme_globex
              - symbol: {Other}
                tick_size: 0.25
                price_precision: 2
                size_precision: 0
                point_value: 50
                currency: USD
                session: cme_globex
            """);
        PipelinePath = Path.Combine(repo, "pipelines", "es_futures.yaml");
        ConfigPath = WriteConfig("engine.yaml", [Es], [Other]);
    }

    /// <summary>Writes an engine config of the two groups, <c>es</c> and <c>other</c>, owning the symbols given; its path.</summary>
    public string WriteConfig(string name, string[] es, string[] other)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, $"""
            instruments: instruments.yaml
            input_ring:
              size: 4096
              wait: blocking
            output_ring:
              size: 8192
              wait: blocking
            counters_interval_seconds: 0
            clock_interval: 0s
            executors:
            {Group("es", es)}{Group("other", other)}
            """);
        return path;

        string Group(string group, string[] symbols) => symbols.Length == 0 ? "" : $"  - name: {group}\n    symbols:\n" +
            string.Concat(symbols.Select(s => $"      - symbol: {s}\n        pipeline: {PipelinePath}\n"));
    }

    public string Es { get; }
    public string Other { get; }
    public string Directory { get; }
    public string ConfigPath { get; }
    public string PipelinePath { get; }
    public string JournalRoot => Path.Combine(Directory, "journal");

    /// <summary>The first <paramref name="count"/> real ES trades (time, price, size), in file order.</summary>
    public static IReadOnlyList<(string Time, string Price, string Size)> EsTrades(int count)
    {
        var file = TestData.Require("ticks/databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv");
        var trades = new List<(string, string, string)>(count);
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var f = line.Split(',');
            if (f[5] == "0")
                continue; // a zero-size print is refused by the engine (ZeroSize); none in this file, kept for safety
            var time = DateTime.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            trades.Add((time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), f[4], f[5]));
            if (trades.Count == count)
                break;
        }
        return trades;
    }

    public static byte[] TickJson(string symbol, (string Time, string Price, string Size) trade) => Encoding.UTF8.GetBytes(
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{trade.Time}}}","timeframe":null,"data":{"price":{{{trade.Price}}},"size":{{{trade.Size}}}}}""");

    /// <summary>Starts <c>te serve ROLE</c> with a health endpoint on a free port and waits until <c>/readyz</c> is 200.</summary>
    public static Task<(TeChildProcess Process, Uri Health)> StartRoleAsync(string role, params string[] args) => StartReadyAsync(["serve", role], args);

    /// <summary>Starts <c>te COMMAND…</c> (<c>sink run</c>) with a health endpoint on a free port and waits until <c>/readyz</c> is 200.</summary>
    public static async Task<(TeChildProcess Process, Uri Health)> StartReadyAsync(string[] command, params string[] args)
    {
        var role = string.Join(' ', command);
        var port = NatsServerProcess.FreePort();
        var process = TeChildProcess.Start([.. command, "--metrics", $"127.0.0.1:{port}", .. args]);
        var health = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
                return true;
            try
            {
                return (await http.GetAsync(new Uri(health, "readyz"), TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException or TaskCanceledException
                                       && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // not listening yet, or a connection the starting process reset (seen as a bare SocketException,
                // "transport endpoint is not connected", in a clean-clone run): ask again
                return false;
            }
        }, TimeSpan.FromSeconds(120), () => $"te {role} not ready:\n{process.Output}");
        Assert.False(process.HasExited, $"te {role} exited:\n{process.Output}");
        return (process, health);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a child still closing a file: the temp directory is cleaned later
        }
    }
}
