using TradingEngine.Hosting.Observability;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Observability;

/// <summary>The sink's figures while its database is away (no server: the writer never connects).</summary>
public class SinkMetricsTests
{
    [Fact]
    public async Task While_the_database_is_away_outage_seconds_grow_spill_bytes_are_the_spill_directory_and_the_lag_is_event_time()
    {
        var symbols = new SymbolRegistry();
        var es = symbols.GetOrAdd("ESZ3");
        var spill = Path.Combine(Path.GetTempPath(), "te-sink-metrics-" + Guid.NewGuid().ToString("N"));
        var options = new TimescaleOptions { ConnectionString = "Host=127.0.0.1;Port=1;Timeout=1", ChunkRows = 8, MaxBufferedBytes = 8 * 120, SpillDirectory = spill };
        await using var sink = new TimescaleSink(options, symbols);
        var feed = sink.OpenFeed("ticks");
        try
        {
            for (var i = 0; i < 40; i++) // one chunk in memory, four spilled
                feed.Add(Tick.Create(es, 1_000_000_000L * (1_700_000_000 + i), new Price(450_025, 2), new Quantity(1, 0)), i + 1);
            var metrics = new SinkMetrics(() => sink, options);
            metrics.Collect();
            await Task.Delay(300, TestContext.Current.CancellationToken);
            metrics.Collect();
            var w = new PrometheusTextWriter();
            metrics.Write(w);
            var scrape = PrometheusScrape.Parse(w.ToString());
            Assert.InRange(scrape.Value("te_sink_outage_seconds_total"), 0.25, 30);
            Assert.Equal(0, scrape.Value("te_sink_connected"));
            var files = Directory.GetFiles(spill);
            Assert.Equal(4, files.Length);
            Assert.Equal(files.Sum(f => new FileInfo(f).Length), scrape.Value("te_sink_spill_bytes"));
            Assert.Equal(32, scrape.Value("te_sink_spilled_rows_total"));
            Assert.Equal(8, scrape.Value("te_sink_buffered_rows"));
            Assert.Equal(39, scrape.Value("te_sink_watermark_lag_seconds")); // nothing committed: the event time since the first row
            Assert.Equal(0, scrape.Value("te_sink_committed_event_time_seconds"));
        }
        finally
        {
            if (Directory.Exists(spill))
                Directory.Delete(spill, recursive: true);
        }
    }
}
