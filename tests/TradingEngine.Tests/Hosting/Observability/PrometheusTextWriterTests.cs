using TradingEngine.Hosting.Observability;

namespace TradingEngine.Tests.Hosting.Observability;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Families_samples_and_escaped_label_values_read_back_through_the_parser()
    {
        var w = new PrometheusTextWriter();
        w.Family("te_input_rejected_total", "counter", "Rejected \\ messages\nby reason.");
        w.Sample("te_input_rejected_total", "reason", "MalformedJson", 3);
        w.Sample("te_input_rejected_by_symbol_total", "symbol", "A\"B\\C\nD", "reason", "ZeroPrice", 1);
        w.Sample("te_ratio", 0.125);
        w.Sample("te_big", 12_345_678_901);
        w.Sample("te_inf", double.PositiveInfinity);
        var text = w.ToString();
        Assert.Contains("# HELP te_input_rejected_total Rejected \\\\ messages\\nby reason.\n# TYPE te_input_rejected_total counter\n", text);
        Assert.Contains("te_input_rejected_total{reason=\"MalformedJson\"} 3\n", text);
        Assert.Contains("symbol=\"A\\\"B\\\\C\\nD\"", text);
        Assert.Contains("te_big 12345678901\n", text);
        Assert.Contains("te_inf +Inf\n", text);
        var scrape = PrometheusScrape.Parse(text);
        Assert.Equal("counter", scrape.Types["te_input_rejected_total"]);
        Assert.Equal(3, scrape.Value("te_input_rejected_total", ("reason", "MalformedJson")));
        Assert.Equal(1, scrape.Value("te_input_rejected_by_symbol_total", ("symbol", "A\"B\\C\nD")));
        Assert.Equal(0.125, scrape.Value("te_ratio"));
        Assert.Equal(double.PositiveInfinity, scrape.Value("te_inf"));
    }

    [Fact]
    public void A_histogram_has_cumulative_buckets_an_inf_bucket_a_sum_and_the_count()
    {
        var w = new PrometheusTextWriter();
        w.Family("te_latency_seconds", "histogram", "h");
        w.Histogram("te_latency_seconds", "executor", "a", [0.001, 0.01], [2, 3, 1], 0.5);
        var scrape = PrometheusScrape.Parse(w.ToString());
        Assert.Equal(2, scrape.Value("te_latency_seconds_bucket", ("le", "0.001")));
        Assert.Equal(5, scrape.Value("te_latency_seconds_bucket", ("le", "0.01")));
        Assert.Equal(6, scrape.Value("te_latency_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(6, scrape.Value("te_latency_seconds_count", ("executor", "a")));
        Assert.Equal(0.5, scrape.Value("te_latency_seconds_sum", ("executor", "a")));
    }

    [Fact]
    public void Rendering_again_into_a_grown_buffer_allocates_nothing()
    {
        var w = new PrometheusTextWriter();
        void Render()
        {
            w.Reset();
            for (var i = 0; i < 2000; i++)
            {
                w.Family("te_x_total", "counter", "help");
                w.Sample("te_x_total", "executor", "a", "kind", "tick", i * 1.5);
            }
        }
        Render();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Render();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_parser_names_the_line_it_cannot_read()
    {
        var error = Assert.Throws<FormatException>(() => PrometheusScrape.Parse("te_ok 1\nte_bad{reason=\"x} 2\n"));
        Assert.Contains("line 2", error.Message);
    }
}
