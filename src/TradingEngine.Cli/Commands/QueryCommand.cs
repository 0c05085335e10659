using System.CommandLine;
using System.Globalization;
using Npgsql;
using TradingEngine.Timescale.Queries;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te query candles | rollup | indicators | signals</c>: the sink's read side (<see cref="TimescaleQueries"/>),
/// printed as tab-separated lines with ISO 8601 UTC times and exact prices.
/// </summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var command = new Command("query", "read what the sink stored: latest candles, rolled-up candles, indicator history, signals by strategy");
        command.Subcommands.Add(Candles());
        command.Subcommands.Add(Rollup());
        command.Subcommands.Add(Indicators());
        command.Subcommands.Add(Signals());
        foreach (var verb in command.Subcommands)
            verb.Options.Add(SinkCommand.PgPasswordFileOption());
        return command;
    }

    private static Command Candles()
    {
        var (pg, schema) = (SinkCommand.PgOption(), SinkCommand.SchemaOption());
        var symbol = new Option<string>("--symbol") { Description = "instrument symbol", Required = true };
        var timeframe = new Option<string>("--timeframe") { Description = "bar timeframe (1m, 5m, 1h, …)", DefaultValueFactory = _ => "1m" };
        var last = new Option<int>("--last") { Description = "how many of the newest bars", DefaultValueFactory = _ => 20 }.Positive();
        var command = new Command("candles", "the newest N bars of a symbol and timeframe") { pg, schema, symbol, timeframe, last };
        command.SetAction((result, ct) => Run(result, pg, schema, "query candles", async queries =>
        {
            var tf = ParseTimeframe(result.GetValue(timeframe)!);
            Print(await queries.LatestCandlesAsync(result.GetValue(symbol)!, tf, result.GetValue(last), ct));
        }));
        return command;
    }

    private static Command Rollup()
    {
        var (pg, schema) = (SinkCommand.PgOption(), SinkCommand.SchemaOption());
        var symbol = new Option<string>("--symbol") { Description = "instrument symbol", Required = true };
        var timeframe = new Option<string>("--timeframe") { Description = "stored timeframe to roll up", DefaultValueFactory = _ => "1m" };
        var bucket = new Option<string>("--bucket") { Description = "bucket length (5m, 1h, 1d, …)", DefaultValueFactory = _ => "1h" };
        var (from, to) = Range();
        var command = new Command("rollup", "bars of a range rolled up into larger buckets (time_bucket / date_bin)") { pg, schema, symbol, timeframe, bucket, from, to };
        command.SetAction((result, ct) => Run(result, pg, schema, "query rollup", async queries =>
        {
            var tf = ParseTimeframe(result.GetValue(timeframe)!);
            var size = ParseTimeframe(result.GetValue(bucket)!);
            Print(await queries.CandlesRolledUpAsync(result.GetValue(symbol)!, tf, TimeSpan.FromSeconds(size.Seconds),
                ParseTime(result.GetValue(from)!), ParseTime(result.GetValue(to)!), ct));
        }));
        return command;
    }

    private static Command Indicators()
    {
        var (pg, schema) = (SinkCommand.PgOption(), SinkCommand.SchemaOption());
        var symbol = new Option<string>("--symbol") { Description = "instrument symbol", Required = true };
        var node = new Option<string>("--node") { Description = "indicator node id in the pipeline (e.g. ema_fast)", Required = true };
        var limit = new Option<int>("--limit") { Description = "at most this many rows", DefaultValueFactory = _ => 1000 }.Positive();
        var (from, to) = Range();
        var command = new Command("indicators", "history of one indicator node") { pg, schema, symbol, node, from, to, limit };
        command.SetAction((result, ct) => Run(result, pg, schema, "query indicators", async queries =>
        {
            foreach (var r in await queries.IndicatorHistoryAsync(result.GetValue(symbol)!, result.GetValue(node)!,
                         ParseTime(result.GetValue(from)!), ParseTime(result.GetValue(to)!), result.GetValue(limit), ct))
            {
                var bands = r.Upper1 is null ? "" : string.Create(CultureInfo.InvariantCulture, $"\t{r.Upper1:R}\t{r.Lower1:R}\t{r.Upper2:R}\t{r.Lower2:R}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{UtcNanos.ToIso8601(r.TimeNs)}\t{r.Symbol}\t{r.Timeframe}\t{r.Node}\t{r.Indicator}\t{r.Period}\t{r.Value:R}{bands}"));
            }
        }));
        return command;
    }

    private static Command Signals()
    {
        var (pg, schema) = (SinkCommand.PgOption(), SinkCommand.SchemaOption());
        var strategy = new Option<string>("--strategy") { Description = "strategy node id in the pipeline", Required = true };
        var limit = new Option<int>("--limit") { Description = "at most this many rows", DefaultValueFactory = _ => 1000 }.Positive();
        var (from, to) = Range();
        var command = new Command("signals", "signals and trade risk of one strategy, all symbols") { pg, schema, strategy, from, to, limit };
        command.SetAction((result, ct) => Run(result, pg, schema, "query signals", async queries =>
        {
            foreach (var r in await queries.SignalsByStrategyAsync(result.GetValue(strategy)!, ParseTime(result.GetValue(from)!),
                         ParseTime(result.GetValue(to)!), result.GetValue(limit), ct))
            {
                Console.WriteLine($"{UtcNanos.ToIso8601(r.TimeNs)}\t{r.Symbol}\t{r.Strategy}\t{r.Type}\t{r.Action ?? "-"}\t{r.Side}\t{r.Price}" +
                    $"\t{(r.Stop is { } s ? s.ToString() : "-")}\t{(r.Target is { } t ? t.ToString() : "-")}\t{string.Join(',', r.Triggers)}");
            }
        }));
        return command;
    }

    private static (Option<string> From, Option<string> To) Range() =>
    (
        new Option<string>("--from") { Description = "start, ISO 8601 UTC (inclusive)", DefaultValueFactory = _ => "1970-01-01T00:00:00Z" },
        new Option<string>("--to") { Description = "end, ISO 8601 UTC (exclusive)", DefaultValueFactory = _ => "2200-01-01T00:00:00Z" }
    );

    private static async Task<int> Run(ParseResult result, Option<string> pg, Option<string> schema, string verb, Func<TimescaleQueries, Task> query)
    {
        if (SinkCommand.Options(result, pg, schema, verb) is not { } options)
            return 2;
        try
        {
            await query(new TimescaleQueries(options));
            return 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"te {verb}: {ex.Message}");
            return ex is NpgsqlException ? 1 : 2;
        }
    }

    private static void Print(IReadOnlyList<CandleRow> rows)
    {
        foreach (var c in rows)
            Console.WriteLine($"{UtcNanos.ToIso8601(c.OpenTimeNs)}\t{c.Symbol}\t{c.Timeframe}\t{c.Open}\t{c.High}\t{c.Low}\t{c.Close}\t{c.Volume}\t{c.TickCount}");
    }

    private static Timeframe ParseTimeframe(string text) =>
        Timeframe.TryParse(text, out var tf) ? tf : throw new FormatException($"'{text}' is not a timeframe (e.g. 1m, 15m, 1h, 1d)");

    private static long ParseTime(string text) =>
        UtcNanos.TryParseIso8601(text, out var nanos) ? nanos : throw new FormatException($"'{text}' is not an ISO 8601 UTC time (e.g. 2013-10-09T13:30:00Z)");
}
