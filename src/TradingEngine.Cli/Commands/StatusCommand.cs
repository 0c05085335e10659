using System.CommandLine;
using System.Diagnostics;
using TradingEngine.Hosting.Observability;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te status --metrics-url http://127.0.0.1:9464 [--watch] [--interval S]</c>: a running engine's state as a compact
/// table per executor and symbol (<see cref="StatusTable"/>), read from its metrics endpoint (<c>te run --metrics</c>);
/// with <c>--watch</c>, redrawn every interval with rates. Exit 1 when the endpoint does not answer.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--metrics-url") { Description = "the engine's metrics endpoint (te run --metrics): http://HOST:PORT or http://HOST:PORT/metrics", DefaultValueFactory = _ => $"http://127.0.0.1:{MetricsAddress.DefaultPort}" };
        var watch = new Option<bool>("--watch") { Description = "redraw every --interval seconds, with rates, until Ctrl+C" };
        var interval = new Option<double>("--interval") { Description = "seconds between redraws with --watch", DefaultValueFactory = _ => 2 }.InRange(0.1, 3600);
        var command = new Command("status", "a running engine's executors and symbols, from its metrics endpoint") { url, watch, interval };
        command.SetAction(async (result, cancellationToken) =>
        {
            var address = result.GetValue(url)!.TrimEnd('/');
            if (!address.EndsWith("/metrics", StringComparison.Ordinal))
                address += "/metrics";
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"te status: --metrics-url '{result.GetValue(url)}' is not an http:// URL");
                return 2;
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            PrometheusScrape? previous = null;
            var previousAt = 0L;
            try
            {
                do
                {
                    PrometheusScrape scrape;
                    try
                    {
                        scrape = PrometheusScrape.Parse(await http.GetStringAsync(uri, cancellationToken));
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException { InnerException: TimeoutException } or FormatException)
                    {
                        Console.Error.WriteLine($"te status: {uri}: {ex.Message}");
                        return 1;
                    }
                    var at = Stopwatch.GetTimestamp();
                    var table = StatusTable.Render(scrape, previous, previous is null ? 0 : Stopwatch.GetElapsedTime(previousAt, at).TotalSeconds);
                    if (result.GetValue(watch))
                        Console.Write("\u001b[H\u001b[2J"); // clear the terminal before each redraw
                    Console.Write($"{uri} at {DateTime.UtcNow:HH:mm:ss}Z\n{table}");
                    (previous, previousAt) = (scrape, at);
                    if (result.GetValue(watch))
                        await Task.Delay(TimeSpan.FromSeconds(result.GetValue(interval)), cancellationToken);
                }
                while (result.GetValue(watch));
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C ends --watch
            }
            return 0;
        });
        return command;
    }
}
