using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te nats publish-csv FILE [--rate N] [--symbol S] [--format lean-equity-trades|lean-futures-trades]</c>:
/// replays recorded trades onto <c>ticks.raw.{symbol}</c> as the external JSON contract, paced at N messages per
/// second (0: as fast as possible), for demos and tests. Suspicious prints are sent too: the engine decides.
/// </summary>
internal static class NatsPublishCsvCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "a Lean tick trade file, e.g. ../shared/data/ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv" };
        var rate = new Option<int>("--rate") { Description = "messages per second (0: unpaced)", DefaultValueFactory = _ => 1000 }.NonNegative();
        var symbol = new Option<string?>("--symbol") { Description = "symbol of the subject and messages (default: from the file name, upper case)" };
        var format = new Option<string>("--format") { Description = "lean-equity-trades or lean-futures-trades", DefaultValueFactory = _ => "lean-equity-trades" };
        var limit = new Option<long>("--limit") { Description = "stop after N ticks (0: the whole file)", DefaultValueFactory = _ => 0 }.NonNegative();
        var nats = new NatsOptions();
        var command = new Command("publish-csv", "publish recorded ticks to ticks.raw.{symbol} as JSON") { file, rate, symbol, format, limit };
        nats.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"te nats publish-csv: file '{path}' does not exist");
                return 2;
            }
            var name = result.GetValue(symbol) ?? (LeanFileName.TryParse(path, out var lean) ? lean.Symbol.ToUpperInvariant() : null);
            if (name is null)
            {
                Console.Error.WriteLine($"te nats publish-csv: cannot tell the symbol from '{Path.GetFileName(path)}'; give --symbol");
                return 2;
            }
            var symbols = new SymbolRegistry();
            var id = symbols.GetOrAdd(name);
            using MarketDataFileReader<Tick>? reader = result.GetValue(format) switch
            {
                "lean-equity-trades" => new LeanEquityTradeReader(path, id),
                "lean-futures-trades" => new LeanFuturesTradeReader(path, id),
                _ => null,
            };
            if (reader is null)
            {
                Console.Error.WriteLine($"te nats publish-csv: --format '{result.GetValue(format)}' is unknown; expected lean-equity-trades or lean-futures-trades");
                return 2;
            }
            try
            {
                await using var connection = await NatsConnector.ConnectAsync(nats.External(result, "te-publish-csv"), cancellationToken: cancellationToken);
                var clock = Stopwatch.StartNew();
                var sent = await RawTickPublisher.PublishAsync(connection, reader, symbols, name, result.GetValue(rate), result.GetValue(limit), cancellationToken);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"published {sent:N0} ticks to {NatsSubjects.TicksRaw(name)} in {clock.Elapsed.TotalSeconds:F1} s ({sent / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0}/s); file rows {reader.Report.RowsRead:N0}, flagged {reader.Report.Flagged:N0}, rejected {reader.Report.Rejected:N0}"));
                return 0;
            }
            catch (NatsConnectionRefusedException ex)
            {
                Console.Error.WriteLine($"te nats publish-csv: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
