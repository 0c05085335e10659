using System.Text;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Tests.Nats;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal.Import;

/// <summary>
/// Import applies the trade checks live ingestion applies (issue 18.4): zero-size trades and trades outside the
/// instrument's price band are dropped whatever the bad-row policy, counted in the report, and the band carries
/// from one file to the next so a gapped open re-anchors exactly as it does live.
/// </summary>
public sealed class TradeValidationTests
{
    // SPY at 4 decimals with a 10 % band: a close, a 9e14 print, a zero-size print, then the next day's gapped open
    private static readonly (string Time, string Price, string Size)[] Day1 =
    [
        ("2013-10-08T19:59:58Z", "167.40", "100"),
        ("2013-10-08T19:59:58.5Z", "900000000000000", "100"),
        ("2013-10-08T19:59:59Z", "167.41", "0"),
        ("2013-10-08T19:59:59.5Z", "167.41", "200"),
    ];

    private static readonly (string Time, string Price, string Size)[] Day2 =
    [
        ("2013-10-09T13:30:00Z", "190.00", "100"),
        ("2013-10-09T13:30:00.1Z", "190.05", "100"),
        ("2013-10-09T13:30:00.2Z", "190.10", "100"),
        ("2013-10-09T13:30:01Z", "190.12", "300"),
    ];

    private static string Csv((string Time, string Price, string Size)[] rows) =>
        "time,price,size\n" + string.Concat(rows.Select(r => $"{r.Time},{r.Price},{r.Size}\n"));

    [Theory]
    [InlineData(BadRowPolicy.Flag)]
    [InlineData(BadRowPolicy.Reject)]
    public void Zero_size_and_out_of_band_trades_are_dropped_under_either_policy_and_the_band_carries_across_files(BadRowPolicy policy)
    {
        var (_, instruments) = InputSamples.Registries();
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var day1 = Path.Combine(dir, "SPY-1.csv");
            var day2 = Path.Combine(dir, "SPY-2.csv");
            File.WriteAllText(day1, Csv(Day1));
            File.WriteAllText(day2, Csv(Day2));
            var symbols = new SymbolRegistry();
            IReadOnlyList<ImportReport> reports;
            var journal = Path.Combine(dir, "journal");
            using (var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
            {
                reports = Importer.Import([day1, day2], writer, symbols, new ImportOptions
                {
                    Format = ImportFormat.Csv, Symbol = "SPY", Map = CsvColumnMap.Parse("time=time,price=price,size=size"),
                    PricePrecision = 4, Policy = policy, Instruments = instruments,
                });
            }
            Assert.Equal((1, 1, 2), (reports[0].Count(RowIssue.PriceOutOfBand), reports[0].Count(RowIssue.ZeroSize), reports[0].Rejected));
            Assert.Equal((2, 2), (reports[1].Count(RowIssue.PriceOutOfBand), reports[1].Rejected));
            Assert.Contains("price-out-of-band: 1 (lines 3)", reports[0].ToString(), StringComparison.Ordinal);
            Assert.Contains("more than 10% from the reference 167.4", reports[0].ToString(), StringComparison.Ordinal);
            Assert.Equal(Expected, JournaledPrices(journal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Import_and_live_ingestion_take_the_same_trades()
    {
        var rows = Day1.Concat(Day2).ToArray();
        var (symbols, instruments) = InputSamples.Registries();

        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(64);
        var stage = new IngestionStage(ring, symbols, new IngestionCounters(), new JsonInputDecoder(symbols, instruments), new BinaryInputDecoder(),
            new IngestionOptions { Instruments = instruments });
        var live = new List<decimal>();
        foreach (var (time, price, size) in rows)
        {
            var seq = stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson(time, price, size)), 0, out _, out _);
            if (seq >= 0)
                live.Add(ring[seq].Tick.Price.ToDecimal());
        }

        var guard = new TradeGuard(instruments);
        using var reader = new CsvTickReader(new MemoryStream(Encoding.ASCII.GetBytes(Csv(rows))), "spy.csv", symbols.GetOrAdd("SPY"),
            CsvColumnMap.Parse("time=time,price=price,size=size"), pricePrecision: 4) { Trades = guard };
        var imported = reader.Select(t => t.Price.ToDecimal()).ToArray();

        Assert.Equal(Expected, live.ToArray());
        Assert.Equal(Expected, imported);
    }

    private static readonly decimal[] Expected = [167.40m, 167.41m, 190.10m, 190.12m];

    private static decimal[] JournaledPrices(string journal)
    {
        var prices = new List<decimal>();
        using var reader = new JournalReader(journal, new SymbolRegistry());
        while (reader.TryRead(out var e))
            prices.Add(e.Tick.Price.ToDecimal());
        return prices.ToArray();
    }
}
