using TradingEngine.Hosting;
using TradingEngine.Cli;
using TradingEngine.Cli.Commands;
using TradingEngine.Hosting.Replay;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Cli;

/// <summary>
/// Vendor files as users have them, through import and replay: every contract its own instrument, --symbols by root or
/// contract, the registry's default pipeline, and a summary that counts every event refused or left out, with a
/// non-zero exit when nothing came out (issue 19, cases 1, 2, 3, 5, 6, 7).
/// </summary>
public sealed class VendorReplayTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-vendor-");

    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    private static string Instruments => Repo("pipelines/instruments.yaml");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Journal(string name, ImportFormat format, string? symbol, params string[] files)
    {
        var journal = Path.Combine(_dir.FullName, name);
        var symbols = new SymbolRegistry();
        using var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None });
        Importer.Import(files, writer, symbols, new ImportOptions
        {
            Format = format,
            Symbol = symbol,
            Instruments = InstrumentRegistry.Load(Instruments, new SymbolRegistry()),
        });
        return journal;
    }

    private static ReplaySummary Replay(string journal, string? pipeline = null, params string[] symbols) =>
        ReplayRunner.Run(new ReplayOptions
        {
            Source = ReplaySource.Journal,
            JournalDirectory = journal,
            PipelinePath = pipeline is null ? null : Repo(pipeline),
            InstrumentsPath = Instruments,
            Symbols = symbols,
        });

    private string GoldJournal() => Journal("gc", ImportFormat.LeanFuturesTrades, null,
        TestData.Require("ticks/lean_gc_futures_2013-10/20131007_gc_tick_trade_201312.csv"),
        TestData.Require("ticks/lean_gc_futures_2013-10/20131007_gc_tick_trade_201402.csv"));

    [Fact]
    public void Sixe_bars_reach_every_candle_of_an_external_pipeline()
    {
        // before: 4,016 of the 29,996 bars kept 4 decimals at import and were refused at replay, with a summary saying nothing
        var journal = Journal("6e", ImportFormat.NautilusBars, null,
            TestData.Require("bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv"));
        var pipeline = Path.Combine(_dir.FullName, "ext.yaml");
        File.WriteAllText(pipeline, """
            pipeline: ext
            timeframes: [1m@ext:1m]
            nodes:
              - id: close
                kind: candle_field
                inputs: [candles:1m@ext:1m]
              - id: rsi
                kind: rsi
                params: {period: 14}
                inputs: [close]
                publish: true
            """);
        var summary = Replay(journal, pipeline);
        Assert.Equal(29_996, summary.CandlesIn);
        Assert.Equal(29_996, summary.Accepted);
        Assert.Equal(29_996, summary.Candles);
        Assert.DoesNotContain(summary.Drops, d => d.Refused);
        Assert.Null(summary.EmptyRunCause);
    }

    [Fact]
    public void Events_the_aggregation_refuses_are_counted_with_examples_and_an_all_refused_run_names_the_cause()
    {
        // a journal written at 4 decimals (--price-precision 4) for 6E, whose registry precision is 5: before, replay
        // dropped every bar and still said "node failures 0" with exit 0
        var journal = Path.Combine(_dir.FullName, "6e4");
        var symbols = new SymbolRegistry();
        using (var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
            Importer.Import([TestData.Require("bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv")], writer, symbols,
                new ImportOptions { Format = ImportFormat.NautilusBars, PricePrecision = 4, Instruments = InstrumentRegistry.Load(Instruments, new SymbolRegistry()) });
        var summary = Replay(journal, Unpriced("pipelines/us_equity_daily.yaml"));
        var refused = Assert.Single(summary.Drops, d => d.Refused);
        Assert.Equal(summary.Events, refused.Count);
        Assert.Equal(0, summary.Accepted);
        Assert.Contains("precision", refused.Examples[0], StringComparison.Ordinal);
        Assert.StartsWith($"every one of {summary.Events} input events was refused", summary.EmptyRunCause, StringComparison.Ordinal);
        var text = new StringWriter();
        summary.Print(text);
        Assert.Contains($"accepted: 0 of {summary.Events}", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_gold_contract_is_its_own_series_and_a_root_selects_them_all()
    {
        var journal = GoldJournal();
        var all = Replay(journal);
        Assert.Contains("GCZ13, GCG14", all.Input, StringComparison.Ordinal); // every symbol of the journal, by default
        Assert.Contains("gc_futures", all.Input, StringComparison.Ordinal);   // GC's default pipeline
        Assert.True(all.Candles > 0 && all.Signals > 0);
        var root = Replay(journal, null, "GC");
        Assert.Equal(all.HashText, root.HashText);
        var one = Replay(journal, null, "GCZ13");
        Assert.Contains(one.Drops, d => d.Reason.StartsWith("not selected", StringComparison.Ordinal) && d.Examples[0].EndsWith("GCG14", StringComparison.Ordinal));
        Assert.True(one.Accepted < all.Accepted && one.Accepted > 0);
    }

    [Fact]
    public void Symbols_matching_nothing_is_an_error_listing_the_journal()
    {
        var journal = GoldJournal();
        var e = Assert.Throws<ArgumentException>(() => Replay(journal, null, "ES"));
        Assert.Contains("--symbols ES matches nothing", e.Message, StringComparison.Ordinal);
        Assert.Contains("GCZ13, GCG14", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gold_prints_after_the_globex_close_are_counted_with_examples()
    {
        // 2013's metals session closed at 16:15 Chicago (pipelines/calendars.yaml): the prints between 21:00 and 21:14Z
        // are inside it. Through today's 16:00 close (an explicit session) they are outside it, counted with examples
        // (before: they vanished from every candle without a count).
        var journal = GoldJournal();
        Assert.DoesNotContain(Replay(journal).Drops, d => d.Reason.StartsWith("outside session", StringComparison.Ordinal));
        var pipeline = Path.Combine(_dir.FullName, "gc_1600.yaml");
        File.WriteAllText(pipeline, File.ReadAllText(Repo("pipelines/gc_futures.yaml"))
            .Replace("session: cme_metals\n", "session: {timezone: America/Chicago, open: \"17:00\", close: \"16:00\", days: [sun, mon, tue, wed, thu]}\n", StringComparison.Ordinal));
        var summary = Replay(journal, pipeline);
        var outside = Assert.Single(summary.Drops, d => d.Reason.StartsWith("outside session", StringComparison.Ordinal));
        Assert.True(outside.Count > 0);
        Assert.StartsWith("2013-10-07T21:", outside.Examples[0], StringComparison.Ordinal);
        var text = new StringWriter();
        summary.Print(text);
        Assert.Contains($"outside session (in no candle of the pipeline's session): {outside.Count}; first: 2013-10-07T21:", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_pipeline_SPY_runs_the_equity_pipeline_with_its_strategies_and_6E_needs_one()
    {
        // before: es_futures.yaml (tick 0.25, point value 50) ran on SPY
        var spy = Journal("spy", ImportFormat.LeanEquityTrades, null, TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv"));
        var summary = Replay(spy);
        Assert.Contains("us_equity", summary.Input, StringComparison.Ordinal);
        Assert.NotNull(summary.Report);
        Assert.Equal(3, summary.Report.Strategies.Count);
        Assert.True(summary.Report.Trades.Count > 0, "the equity strategies trade a day of SPY");

        var sixe = Journal("6e", ImportFormat.NautilusBars, null, TestData.Require("bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv"));
        var e = Assert.Throws<ArgumentException>(() => Replay(sixe));
        Assert.Contains("give --pipeline: 6EH4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Daily_SPY_bars_give_a_backtest_through_the_daily_pipeline()
    {
        // before: us_equity.yaml had no strategy, and daily bars gave 0 outputs
        var journal = Journal("daily", ImportFormat.LeanBars, null, TestData.Require("bars/lean_equity_daily/spy.csv"));
        var summary = Replay(journal, "pipelines/us_equity_daily.yaml");
        Assert.Equal(summary.CandlesIn, summary.Candles);
        Assert.NotNull(summary.Report);
        Assert.True(summary.Report.Trades.Count > 0);
    }

    [Fact]
    public void A_replay_with_input_and_no_output_names_the_cause()
    {
        var journal = Journal("6e", ImportFormat.NautilusBars, null, TestData.Require("bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv"));
        var pipeline = Unpriced("pipelines/es_futures.yaml");
        var summary = Replay(journal, pipeline);
        Assert.Equal(0, summary.Outputs);
        Assert.Contains("29996 input events gave no output", summary.EmptyRunCause, StringComparison.Ordinal);
        Assert.Contains("external candles no series reads", summary.EmptyRunCause, StringComparison.Ordinal);
        // and te replay exits 1 with it
        Assert.Equal(1, TeCommand.Run(["replay", "--journal", journal, "--pipeline", pipeline, "--instruments", Instruments]));
    }

    /// <summary>
    /// A copy of a shipped pipeline without its strategies' <c>point_value</c>, so it binds to 6E (point value 125000;
    /// a pipeline stating another is refused before anything runs, InstrumentBindingTests) and these tests reach the
    /// replay's own refusals.
    /// </summary>
    private string Unpriced(string repoRelative)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Repo(repoRelative)), @"point_value: [0-9.]+, ", "");
        var path = Path.Combine(_dir.FullName, "unpriced-" + Path.GetFileName(repoRelative));
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_wrong_pipeline_path_lists_the_pipeline_files()
    {
        var e = Assert.Throws<ArgumentException>(() => EngineFactory.RequirePipelineFile(Repo("pipelines/us_equities.yaml")));
        Assert.Contains("us_equity.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("es_futures.yaml", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay", "--synthetic", "--ticks", "-5")]
    [InlineData("replay", "--synthetic", "--ticks", "0")]
    [InlineData("import", "--format", "csv", "--price-precision", "12", "--out", "x", "y")]
    [InlineData("replay", "--csv", "y", "--format", "csv", "--price-precision", "-1")]
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--duration", "-1")]
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--duration", "1e12")]
    [InlineData("dashboard", "--duration", "5000000")] // past Task.Delay's 49 days: refused, not thrown after start
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--snapshot-every", "0")]
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--publisher-stall-timeout", "0")]
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--publisher-stall-timeout", "soon")]
    [InlineData("import", "--format", "nosuch", "--out", "x", "y")]
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--duration", "1s")] // not a number: a parse error, not a crash (exit 134) in the range check
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--snapshot-every", "many")]
    [InlineData("run", "--pipeline", "p", "--symbols", "ES", "--latency-sample-every", "0")]
    public void Numeric_and_named_options_are_validated_before_anything_runs(params string[] args)
    {
        var result = TeCommand.Build().Parse(args);
        Assert.NotEmpty(result.Errors);
        Assert.Contains(result.Errors, e => e.Message.Contains(args[^2], StringComparison.Ordinal) || e.Message.Contains(args[^1], StringComparison.Ordinal)
                                            || e.Message.Contains("nosuch", StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_csv_takes_every_import_option()
    {
        var result = TeCommand.Build().Parse(["replay", "--csv", "f.csv", "--format", "csv", "--map", "time=0,price=1,size=2", "--no-header",
            "--time-format", "unix-ns", "--tz", "UTC", "--price-precision", "2", "--bad-rows", "reject", "--bar-label", "end", "--timeframe", "1m", "--symbol", "ES"]);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void An_import_that_rejects_every_row_exits_non_zero()
    {
        // trades imported as quotes: before, exit 0 with "0 events"
        var error = new StringWriter();
        var code = ImportCommand.Run([TestData.Require("ticks/lean_equity_2013-10/trades/20131008_aig_Trade_Tick.csv")], Path.Combine(_dir.FullName, "q"),
            new ImportOptions { Format = ImportFormat.LeanEquityQuotes, Instruments = InstrumentRegistry.Load(Instruments, new SymbolRegistry()) },
            JournalFsyncPolicy.None, TextWriter.Null, error);
        Assert.Equal(1, code);
        Assert.Contains("every one of", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--format lean-equity-quotes", error.ToString(), StringComparison.Ordinal);
    }
}
