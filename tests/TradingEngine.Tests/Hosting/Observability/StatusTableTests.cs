using TradingEngine.Hosting.Observability;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Hosting.Observability;

/// <summary>
/// te status's table from a recorded scrape: recorded-scrape.prom is what LiveMetricsTests scraped from a real engine
/// (one executor 'a' owning one symbol, 300 ticks accepted, 10 messages rejected for eight reasons).
/// </summary>
public sealed class StatusTableTests
{
    private static PrometheusScrape Recorded() => PrometheusScrape.Parse(File.ReadAllText(
        Path.Combine(TestData.RepositoryRoot(), "tests", "TradingEngine.Tests", "Hosting", "Observability", "recorded-scrape.prom")));

    private static string[] Row(string table, string first) =>
        table.Split('\n').Single(l => l.StartsWith(first + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void One_row_per_executor_and_per_symbol_with_the_totals_above()
    {
        var table = StatusTable.Render(Recorded());
        Assert.StartsWith("input: received 310, accepted 300, rejected 10 (MalformedJson 3, ", table);
        Assert.Contains("dead letters 10", table);
        Assert.Equal(["EXECUTOR", "EVENTS", "EVENTS/S", "OUTPUTS", "P50", "P99", "P99.9", "NODE", "FAIL", "REFUSED", "RING", "LAG"], Row(table, "EXECUTOR"));
        Assert.Equal(["a", "300", "-", "632", "711.98ms", "711.98ms", "711.98ms", "0", "0", "0/4096", "0"], Row(table, "a"));
        Assert.Equal(["T086FD74A", "a", "300", "10", "0", "0"], Row(table, "T086FD74A"));
    }

    [Fact]
    public void With_a_previous_scrape_the_executor_row_has_its_rate()
    {
        var now = Recorded();
        var earlier = PrometheusScrape.Parse(File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "tests", "TradingEngine.Tests", "Hosting", "Observability", "recorded-scrape.prom"))
            .Replace("te_executor_events_total{executor=\"a\",kind=\"tick\"} 300", "te_executor_events_total{executor=\"a\",kind=\"tick\"} 100", StringComparison.Ordinal));
        Assert.Equal("100", Row(StatusTable.Render(now, earlier, 2.0), "a")[2]);
    }
}
