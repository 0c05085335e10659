using TradingEngine.Cli.Commands;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Simulation;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Replay;

/// <summary>
/// A journal replays to exactly the outputs of the run that produced its events: the journal changes nothing,
/// and two replays agree byte for byte.
/// </summary>
public sealed class JournalReplayTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-replay-");

    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Synthetic_session_through_a_journal_replays_to_the_same_hash()
    {
        var options = new SyntheticSessionOptions { TickCount = 30_000 };
        var direct = ReplayCommand.ReplaySynthetic(options, Repo("pipelines/es_futures.yaml"), Repo("pipelines/instruments.yaml"));

        // write the same events to a journal, with the symbol id the instrument registry gives ES
        var symbols = new SymbolRegistry();
        var instruments = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        var session = new SyntheticSession(options, instruments["ES"].Id);
        using (var writer = JournalWriter.Open(_dir.FullName, symbols))
        {
            while (session.TryNext(out var e))
                writer.Append(in e);
        }

        var replay = Replay(new ReplayOptions { Source = ReplaySource.Journal, JournalDirectory = _dir.FullName, Symbols = ["ES"] });
        Assert.Equal(direct.Events, replay.Events);
        Assert.Equal(direct.Candles, replay.Candles);
        Assert.Equal(direct.HashText, replay.HashText);
    }

    [Fact]
    public void Real_ticks_imported_to_a_journal_replay_identically_twice_and_window_limits_apply()
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131009_ibm_Trade_Tick.csv");
        var symbols = new SymbolRegistry();
        InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        using (var writer = JournalWriter.Open(_dir.FullName, symbols))
            Importer.Import([file], writer, symbols, new ImportOptions { Format = ImportFormat.LeanEquityTrades, Symbol = "IBM" });

        var options = new ReplayOptions
        {
            Source = ReplaySource.Journal,
            JournalDirectory = _dir.FullName,
            PipelinePath = Repo("pipelines/us_equity.yaml"),
            Symbols = ["IBM"],
        };
        var a = Replay(options);
        var b = Replay(options);
        Assert.True(a.Ticks > 20_000, $"{a.Ticks} ticks");
        Assert.True(a.Candles > 300, $"{a.Candles} candles");
        Assert.Equal(0, a.NodeFailures);
        Assert.Equal(a.HashText, b.HashText);

        // --csv imports into a temporary journal and replays it: the same outputs as import + --journal
        var direct = Replay(options with
        {
            Source = ReplaySource.Csv,
            CsvFiles = [file],
            CsvImport = new ImportOptions { Format = ImportFormat.LeanEquityTrades, Symbol = "IBM" },
        });
        Assert.Equal(a.HashText, direct.HashText);
        Assert.Equal(a.Ticks, direct.Ticks);

        // the regular session only: 13:30–20:00 UTC on 2013-10-09 (EDT)
        var rth = Replay(options with { From = ReplayCommand.ParseTime("2013-10-09T13:30:00Z", "--from"), To = ReplayCommand.ParseTime("2013-10-09T20:00:00Z", "--to") });
        Assert.True(rth.Skipped > 0);
        Assert.Equal(a.Events, rth.Events + rth.Skipped);
        Assert.NotEqual(a.HashText, rth.HashText);
    }

    [Fact]
    public void Out_file_holds_one_json_line_per_output()
    {
        var path = Path.Combine(_dir.FullName, "out.jsonl");
        var summary = ReplayRunner.Run(new ReplayOptions
        {
            Synthetic = new SyntheticSessionOptions { TickCount = 5_000 },
            PipelinePath = Repo("pipelines/es_futures.yaml"),
            InstrumentsPath = Repo("pipelines/instruments.yaml"),
            OutPath = path,
        });
        var lines = File.ReadAllLines(path);
        Assert.Equal(summary.Candles + summary.Messages + summary.NumericOutputs, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("{\"schema_version\":1,", l));
        Assert.Contains(lines, l => l.Contains("\"type\":\"candle\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_journal_of_symbols_on_different_pipelines_replays_with_the_engine_config_as_each_pipeline_alone_does()
    {
        // ES (synthetic session) and IBM (real prints) in one journal, as te run --config would have written it
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131009_ibm_Trade_Tick.csv");
        var symbols = new SymbolRegistry();
        var instruments = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        using (var writer = JournalWriter.Open(_dir.FullName, symbols))
        {
            var session = new SyntheticSession(new SyntheticSessionOptions { TickCount = 20_000 }, instruments["ES"].Id);
            while (session.TryNext(out var e))
                writer.Append(in e);
            Importer.Import([file], writer, symbols, new ImportOptions { Format = ImportFormat.LeanEquityTrades, Symbol = "IBM" });
        }
        var config = Path.Combine(_dir.FullName, "engine.yaml");
        File.WriteAllText(config, $"""
            instruments: {Repo("pipelines/instruments.yaml")}
            executors:
              - name: futures
                symbols:
                  - symbol: ES
                    pipeline: {Repo("pipelines/es_futures.yaml")}
              - name: equities
                symbols:
                  - symbol: "I*"
                    pipeline: {Repo("pipelines/us_equity.yaml")}
            """);

        string[] Lines(ReplayOptions options, string name)
        {
            var path = Path.Combine(_dir.FullName, name);
            ReplayRunner.Run(options with { Source = ReplaySource.Journal, JournalDirectory = _dir.FullName, OutPath = path, ReportDirectory = path + ".report" });
            return File.ReadAllLines(path);
        }

        var both = Lines(new ReplayOptions { ConfigPath = config }, "both.jsonl");
        var es = Lines(new ReplayOptions { PipelinePath = Repo("pipelines/es_futures.yaml"), InstrumentsPath = Repo("pipelines/instruments.yaml"), Symbols = ["ES"] }, "es.jsonl");
        var ibm = Lines(new ReplayOptions { PipelinePath = Repo("pipelines/us_equity.yaml"), InstrumentsPath = Repo("pipelines/instruments.yaml"), Symbols = ["IBM"] }, "ibm.jsonl");
        Assert.NotEmpty(es);
        Assert.NotEmpty(ibm);
        Assert.Equal(es, both.Where(l => l.Contains("\"symbol\":\"ES\"", StringComparison.Ordinal)));
        Assert.Equal(ibm, both.Where(l => l.Contains("\"symbol\":\"IBM\"", StringComparison.Ordinal)));
        Assert.Equal(es.Length + ibm.Length, both.Length);
        // the report names each symbol's strategies from its own pipeline, and its trades say which symbol
        var trades = File.ReadAllLines(Path.Combine(_dir.FullName, "both.jsonl.report", "trades.csv"));
        var esTrades = File.ReadAllLines(Path.Combine(_dir.FullName, "es.jsonl.report", "trades.csv")).Skip(1).ToArray();
        Assert.NotEmpty(esTrades);
        Assert.Equal(esTrades, trades.Skip(1).Where(t => t.Contains(",ES,", StringComparison.Ordinal)));
    }

    private static ReplaySummary Replay(ReplayOptions options) => ReplayRunner.Run(options with
    {
        PipelinePath = options.PipelinePath is null || options.PipelinePath.StartsWith('/') ? options.PipelinePath : Repo(options.PipelinePath),
        InstrumentsPath = Repo("pipelines/instruments.yaml"),
    });
}
