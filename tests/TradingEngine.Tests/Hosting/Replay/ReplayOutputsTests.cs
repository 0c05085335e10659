using System.Text.Json;
using TradingEngine.Hosting.Replay;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Replay;

/// <summary>
/// What a replay emits and how it is written: the last candles close at the end of the input (marked end of data) and
/// nodes see them; <c>--out</c> writes the external contract's messages, numeric outputs as <c>node_value</c> like the
/// live publisher; the output hash depends on the outputs, not on where the ticks came from.
/// </summary>
public sealed class ReplayOutputsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-replay-outputs-");

    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    public void Dispose() => _dir.Delete(recursive: true);

    private string Pipeline(string yaml)
    {
        var path = Path.Combine(_dir.FullName, "pipeline.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void A_day_of_SPY_ticks_gives_all_828_one_minute_candles_the_last_closed_by_end_of_data_and_seen_by_nodes()
    {
        // 2013-10-07: SPY printed in 828 distinct minutes (08:00–24:00 UTC); UTC-aligned 1m candles, one node on their closes
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131007_spy_Trade_Tick.csv");
        var pipeline = Pipeline("""
            pipeline: end_of_data
            timeframes: [1m]
            tick_size: 0.01
            nodes:
              - id: close_1m
                kind: candle_field
                params: {field: close}
                inputs: [candles:1m]
                publish: true
            """);
        var outPath = Path.Combine(_dir.FullName, "spy.jsonl");
        var summary = ReplayRunner.Run(new ReplayOptions
        {
            Source = ReplaySource.Csv,
            CsvFiles = [file],
            CsvImport = new ImportOptions { Format = ImportFormat.LeanEquityTrades },
            PipelinePath = pipeline,
            InstrumentsPath = Repo("pipelines/instruments.yaml"),
            OutPath = outPath,
        });
        Assert.Equal(828, summary.Candles);
        Assert.Equal(1, summary.EndOfDataCandles);

        var lines = File.ReadAllLines(outPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var candles = lines.Where(l => l.GetProperty("type").GetString() == "candle").ToList();
        Assert.Equal(828, candles.Count);
        var last = candles[^1].GetProperty("data");
        Assert.Equal("2013-10-07T23:59:00Z", candles[^1].GetProperty("timestamp").GetString());
        Assert.Equal("2013-10-08T00:00:00Z", last.GetProperty("close_time").GetString());
        Assert.True(last.GetProperty("closed").GetBoolean());
        Assert.True(last.GetProperty("end_of_data").GetBoolean());
        // every other candle closed because its minute ended: no mark
        Assert.All(candles.SkipLast(1), c => Assert.False(c.GetProperty("data").TryGetProperty("end_of_data", out _)));

        // the node saw every close, the end-of-data one included: its last value is the last candle's close
        var values = lines.Where(l => l.GetProperty("type").GetString() == "node_value").ToList();
        Assert.Equal(828, values.Count);
        Assert.Equal(last.GetProperty("close").GetDecimal(), (decimal)values[^1].GetProperty("data").GetProperty("value").GetDouble());
        Assert.Equal(0, summary.NodeFailures);
    }

    [Fact]
    public void Out_file_holds_the_live_contract_messages_with_numeric_outputs_as_node_value_and_every_field_in_its_schema()
    {
        var path = Path.Combine(_dir.FullName, "out.jsonl");
        var summary = ReplayRunner.Run(new ReplayOptions
        {
            Synthetic = new TradingEngine.Engine.Simulation.SyntheticSessionOptions { TickCount = 5_000 },
            PipelinePath = Repo("pipelines/es_futures.yaml"),
            InstrumentsPath = Repo("pipelines/instruments.yaml"),
            OutPath = path,
        });
        var lines = File.ReadAllLines(path);
        Assert.Equal(summary.Candles + summary.Messages + summary.NumericOutputs, lines.Length);
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var root = JsonDocument.Parse(line).RootElement;
            var type = root.GetProperty("type").GetString()!;
            types.Add(type);
            AssertFitsSchema(root, type, line);
        }
        Assert.Contains("node_value", types);
        Assert.Contains("candle", types);
        Assert.DoesNotContain("node_output", types);

        // a node_value line is the JSON the live publisher writes for the same slot (JsonMessageEncoder, node id in metadata)
        var first = JsonDocument.Parse(lines.First(l => l.Contains("\"type\":\"node_value\"", StringComparison.Ordinal))).RootElement;
        Assert.True(first.GetProperty("data").GetProperty("port").ValueKind == JsonValueKind.Number);
        Assert.True(first.GetProperty("metadata").GetProperty("node_id").GetInt32() >= 0);
    }

    /// <summary>Every envelope and data property of <paramref name="root"/> is declared by its type's checked-in schema, and every required one is there.</summary>
    private static void AssertFitsSchema(JsonElement root, string type, string line)
    {
        var schema = JsonDocument.Parse(File.ReadAllText(Repo($"{SchemaCatalog.RelativeDirectory}/{type}.schema.json"))).RootElement;
        void Check(JsonElement value, JsonElement declared)
        {
            var properties = declared.GetProperty("properties");
            foreach (var p in value.EnumerateObject())
                Assert.True(properties.TryGetProperty(p.Name, out _), $"{type}: '{p.Name}' is not in {type}.schema.json: {line}");
            if (declared.TryGetProperty("required", out var required))
            {
                foreach (var r in required.EnumerateArray())
                    Assert.True(value.TryGetProperty(r.GetString()!, out _), $"{type}: required '{r.GetString()}' missing: {line}");
            }
        }
        Check(root, schema);
        Check(root.GetProperty("data"), schema.GetProperty("properties").GetProperty("data"));
    }

    [Fact]
    public void The_same_ticks_from_a_file_or_from_a_journal_holding_other_symbols_give_the_same_hash()
    {
        // a journal with IBM first: ES gets other symbol ids and source sequences than in a journal of its own
        var es = TestData.Require("ticks/databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv");
        var ibm = TestData.Require("ticks/lean_equity_2013-10/trades/20131007_ibm_Trade_Tick.csv");
        var journal = Path.Combine(_dir.FullName, "journal");
        var esImport = new ImportOptions { Format = ImportFormat.EsTradesBbo, Symbol = "ES" };
        var symbols = new SymbolRegistry();
        using (var writer = JournalWriter.Open(journal, symbols))
        {
            Importer.Import([ibm], writer, symbols, new ImportOptions { Format = ImportFormat.LeanEquityTrades, Symbol = "IBM" });
            Importer.Import([es], writer, symbols, esImport);
        }
        var options = new ReplayOptions { PipelinePath = Repo("pipelines/es_futures.yaml"), InstrumentsPath = Repo("pipelines/instruments.yaml"), Symbols = ["ES"] };
        var fromJournal = ReplayRunner.Run(options with { Source = ReplaySource.Journal, JournalDirectory = journal });
        var fromFile = ReplayRunner.Run(options with { Source = ReplaySource.Csv, CsvFiles = [es], CsvImport = esImport });
        Assert.True(fromJournal.Messages > 0, "the pipeline emits messages (they carry source sequences)");
        Assert.Equal(fromFile.Candles, fromJournal.Candles);
        Assert.Equal(fromFile.Messages, fromJournal.Messages);
        Assert.Equal(fromFile.HashText, fromJournal.HashText);

        // and the hash still sees a change of output: another window of the same ticks
        var shorter = ReplayRunner.Run(options with { Source = ReplaySource.Journal, JournalDirectory = journal, To = fromJournal.LastEventTime });
        Assert.NotEqual(fromJournal.HashText, shorter.HashText);
    }
}
