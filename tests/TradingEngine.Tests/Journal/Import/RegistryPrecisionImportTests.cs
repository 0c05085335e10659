using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal.Import;

/// <summary>
/// With the instrument registry, the importer writes every price at the instrument's precision, exactly: a price with
/// more decimals, or off the tick size, is reported with its line; <c>--price-precision</c> only overrides
/// (issue 19, case 1). Before, each row kept its own decimals and replay dropped the rows not at the instrument's.
/// </summary>
public class RegistryPrecisionImportTests
{
    private static InstrumentRegistry Registry() =>
        InstrumentRegistry.Load(Path.Combine(TestData.RepositoryRoot(), "pipelines", "instruments.yaml"), new SymbolRegistry());

    private static (IReadOnlyList<ImportReport> Reports, List<MarketEvent> Events, SymbolRegistry Symbols) Import(ImportOptions options, params string[] files)
    {
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var symbols = new SymbolRegistry();
            IReadOnlyList<ImportReport> reports;
            using (var writer = JournalWriter.Open(dir, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
                reports = Importer.Import(files, writer, symbols, options);
            var events = new List<MarketEvent>();
            var read = new SymbolRegistry();
            using (var reader = new JournalReader(dir, read))
                while (reader.TryRead(out var e))
                    events.Add(e);
            return (reports, events, read);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Nautilus_6E_bars_are_all_written_at_five_decimals_under_their_contract_symbol()
    {
        var file = TestData.Require("bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv");
        var (reports, events, symbols) = Import(new ImportOptions { Format = ImportFormat.NautilusBars, Instruments = Registry() }, file);
        Assert.Equal(29_996, reports[0].Clean);
        Assert.Equal(29_996, events.Count);
        // before: rows written like 1.1076 kept 4 decimals and 4,016 bars were refused at replay
        Assert.All(events, e => Assert.Equal(5, e.Candle.PricePrecision));
        Assert.Equal(110_760, events[0].Candle.OpenRaw); // 1.1076 at 5 decimals
        Assert.Equal(["6EH4"], symbols.Names);
    }

    [Fact]
    public void Skender_daily_bars_as_SPY_are_written_at_the_registry_precision()
    {
        var file = TestData.Require("bars/skender/default.csv");
        var (reports, events, _) = Import(new ImportOptions { Format = ImportFormat.SkenderBars, Symbol = "SPY", Instruments = Registry() }, file);
        Assert.Equal(502, reports[0].Clean);
        Assert.All(events, e => Assert.Equal(4, e.Candle.PricePrecision));
        Assert.Equal(2_126_100, events[0].Candle.OpenRaw); // 212.61 at 4 decimals
    }

    [Fact]
    public void Excess_decimals_are_rejected_and_off_tick_prices_flagged_with_their_lines()
    {
        var file = Path.Combine(JournalTestEvents.TempDirectory(), "esh4_ticks.csv");
        File.WriteAllLines(file,
        [
            "time,price,size",
            "2023-12-26T14:30:00Z,4800.25,1",
            "2023-12-26T14:30:01Z,4800.255,1",  // 3 decimals: ES holds 2
            "2023-12-26T14:30:02Z,4800.10,1",   // 2 decimals, but not a multiple of 0.25
            "2023-12-26T14:30:03Z,4800.5,2",
        ]);
        try
        {
            var (reports, events, symbols) = Import(new ImportOptions
            {
                Format = ImportFormat.Csv,
                Map = CsvColumnMap.Parse("time=time,price=price,size=size"),
                Instruments = Registry(),
            }, file);
            var report = reports[0];
            Assert.Equal(["ESH4"], symbols.Names); // the contract from the file name, resolved through ES
            Assert.Equal(1, report.Count(RowIssue.PrecisionExceeded));
            Assert.Equal(3, report.Examples(RowIssue.PrecisionExceeded)[0].Line);
            Assert.Equal(1, report.Count(RowIssue.OffTick));
            Assert.Equal(4, report.Examples(RowIssue.OffTick)[0].Line);
            Assert.Equal((1, 1, 2), (report.Rejected, report.Flagged, report.Clean));
            Assert.All(events, e => Assert.Equal(2, e.Tick.PricePrecision));
            Assert.Equal([480_025L, 480_010L, 480_050L], events.Select(e => e.Tick.PriceRaw));
            Assert.Contains("off-tick: 1 (lines 4)", report.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void Price_precision_overrides_the_registry()
    {
        var file = TestData.Require("bars/skender/default.csv");
        var (_, events, _) = Import(new ImportOptions { Format = ImportFormat.SkenderBars, Symbol = "SPY", PricePrecision = 2, Instruments = Registry() }, file);
        Assert.All(events, e => Assert.Equal(2, e.Candle.PricePrecision));
    }

    [Fact]
    public void A_symbol_the_registry_does_not_know_is_an_error_naming_it_and_the_registry()
    {
        var file = TestData.Require("bars/skender/default.csv");
        var e = Assert.Throws<ArgumentException>(() => Import(new ImportOptions { Format = ImportFormat.SkenderBars, Instruments = Registry() }, file));
        Assert.Contains("'default'", e.Message, StringComparison.Ordinal);
        Assert.Contains("SPY", e.Message, StringComparison.Ordinal);
        Assert.Contains("--symbol", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ticks/lean_gc_futures_2013-10/20131007_gc_tick_trade_201312.csv", ImportFormat.LeanFuturesTrades, "GCZ13")]
    [InlineData("ticks/databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv", ImportFormat.EsTradesBbo, "ESH4")]
    [InlineData("bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv", ImportFormat.NautilusBars, "6EH4")]
    [InlineData("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv", ImportFormat.LeanEquityTrades, "SPY")]
    [InlineData("bars/skender/default.csv", ImportFormat.SkenderBars, "default")]
    public void File_names_give_the_vendor_contract_normalised(string relative, ImportFormat format, string expected) =>
        Assert.Equal(expected, Importer.SymbolFromFileName(relative, format));

    [Fact]
    public void GC_ticks_are_held_at_one_decimal_without_any_precision_option()
    {
        var file = TestData.Require("ticks/lean_gc_futures_2013-10/20131008_gc_tick_trade_201312.csv");
        var (reports, events, symbols) = Import(new ImportOptions { Format = ImportFormat.LeanFuturesTrades, Instruments = Registry() }, file);
        // the file's zero-size prints are refused as live ingestion refuses them (ZeroSize); nothing else
        Assert.True(reports[0].Count(RowIssue.ZeroSize) > 0);
        Assert.Equal(reports[0].Count(RowIssue.ZeroSize), reports[0].Rejected);
        Assert.Equal(0, reports[0].Count(RowIssue.OffTick));
        Assert.Equal(0, reports[0].Count(RowIssue.PriceOutOfBand));
        Assert.All(events, e => Assert.Equal(1, e.Tick.PricePrecision));
        Assert.Equal(["GCZ13"], symbols.Names);
    }
}
