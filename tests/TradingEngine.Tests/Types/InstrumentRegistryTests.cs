using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

public class InstrumentRegistryTests
{
    public const string MinimalYaml = """
        unknown_symbols: reject
        instruments:
          - symbol: ES
            tick_size: 0.25
            price_precision: 2
            point_value: 50
            session: { time_zone: America/Chicago, open: "17:00", close: "16:00", anchor: "17:00" }
        """;

    private static string RepoFile => Path.Combine(TestData.RepositoryRoot(), "pipelines", "instruments.yaml");

    [Fact]
    public void The_checked_in_registry_loads_every_seed_instrument()
    {
        var registry = InstrumentRegistry.Load(RepoFile, new SymbolRegistry());
        Assert.Equal(["ES", "NQ", "6E", "GC", "SPY", "AIG", "BAC", "IBM", "BTC-PERP"], registry.Instruments.Select(i => i.Symbol));
        Assert.Equal(UnknownSymbolPolicy.Reject, registry.UnknownSymbols);
        var es = registry["ES"];
        Assert.Equal((Price.Parse("0.25"), (byte)2, (byte)0, 50m, "USD"), (es.TickSize, es.PricePrecision, es.SizePrecision, es.PointValue, es.Currency));
        Assert.Equal(5, registry["6E"].PricePrecision);
        Assert.Equal(8, registry["BTC-PERP"].SizePrecision);
        Assert.Equal("America/New_York", registry["SPY"].Session.TimeZoneId);
        Assert.True(es.IsOnTick(Price.Parse("4760.75")));
        Assert.False(es.IsOnTick(Price.Parse("4760.10")));
    }

    [Fact]
    public void Ids_follow_file_order()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(RepoFile, symbols);
        Assert.Equal(Enumerable.Range(1, 9), registry.Instruments.Select(i => i.Id.Value));
        Assert.True(registry.TryGet(new SymbolId(3), out var sixE));
        Assert.Equal("6E", sixE.Symbol);
    }

    [Fact]
    public void Iana_time_zones_resolve_and_session_anchors_handle_dst()
    {
        var registry = InstrumentRegistry.Load(RepoFile, new SymbolRegistry());
        var cme = registry["ES"].Session;
        // 2023-12-25T23:00Z is 17:00 Chicago (CST, UTC−6): a new CME trading day starts exactly then
        var t = 1_703_545_200_000_000_000L;
        Assert.Equal(t, cme.SessionStart(t));
        Assert.Equal(t, cme.SessionStart(t + UtcNanos.PerHour));
        Assert.Equal(t - UtcNanos.PerDay, cme.SessionStart(t - 1));
        // in July (CDT, UTC−5) 17:00 Chicago is 22:00Z
        var july = UtcNanos.FromDateTime(new DateTime(2023, 7, 10, 22, 30, 0, DateTimeKind.Utc));
        Assert.Equal(UtcNanos.FromDateTime(new DateTime(2023, 7, 10, 22, 0, 0, DateTimeKind.Utc)), cme.SessionStart(july));
        var spy = registry["SPY"].Session;
        var open = UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc)); // 09:30 EDT
        Assert.Equal(open, spy.SessionStart(open + 5 * UtcNanos.PerHour));
        Assert.True(spy.IsOpen(open));
        Assert.False(spy.IsOpen(open - 1));
        Assert.True(cme.SpansMidnight);
    }

    [Theory]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: 0.25\n    price_precision: 2\n    colour: red\n", 5, "unknown key 'colour'")]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: 0.25\n    price_precision: 12\n", 4, "price_precision is '12', expected 0..9")]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: 0.125\n    price_precision: 2\n    session: { time_zone: Etc/UTC, open: \"00:00\", close: \"00:00\" }\n", 3, "tick_size 0.125 has more decimals than price_precision 2")]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: 0.25\n    price_precision: 2\n    session: { time_zone: Mars/Olympus, open: \"00:00\", close: \"00:00\" }\n", 5, "time zone 'Mars/Olympus' is not known")]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: 0.25\n    price_precision: 2\n    session: { time_zone: Etc/UTC, open: \"9am\", close: \"00:00\" }\n", 5, "open is '9am', expected HH:mm")]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: 0.25\n    price_precision: 2\n    session: rth\n", 5, "session 'rth' is not defined")]
    [InlineData("unknown_symbols: maybe\ninstruments: []\n", 1, "unknown_symbols is 'maybe'")]
    [InlineData("instruments:\n  - symbol: ES\n    price_precision: 2\n  - symbol: ES\n    price_precision: 2\n", 4, "symbol 'ES' is listed twice (first at line 2)")]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: [0.25\n", 4, "not valid YAML")]
    [InlineData("instruments:\n  - symbol: ES\n    tick_size: 0.25\n    price_precision: 2\n    currency: usd\n    session: { time_zone: Etc/UTC, open: \"00:00\", close: \"00:00\" }\n", 5, "currency 'usd' is not an ISO 4217 code")]
    public void Errors_name_file_and_line(string yaml, int line, string problem)
    {
        var e = Assert.Throws<InstrumentRegistryException>(() => InstrumentRegistry.Parse(yaml, "pipelines/bad.yaml", new SymbolRegistry()));
        Assert.StartsWith($"pipelines/bad.yaml:{line}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("max_clock_skew: 5s\ninstruments: []\n", 5_000)]
    [InlineData("max_clock_skew: 500ms\ninstruments: []\n", 500)]
    [InlineData("max_clock_skew: 1.5s\ninstruments: []\n", 1_500)]
    [InlineData("instruments: []\n", 5_000)]
    public void Max_clock_skew_is_a_duration_defaulting_to_5_s(string yaml, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), InstrumentRegistry.Parse(yaml, "x.yaml", new SymbolRegistry()).MaxClockSkew);

    [Fact]
    public void A_max_clock_skew_without_a_unit_names_its_line()
    {
        var e = Assert.Throws<InstrumentRegistryException>(() => InstrumentRegistry.Parse("unknown_symbols: reject\nmax_clock_skew: 5\ninstruments: []\n", "x.yaml", new SymbolRegistry()));
        Assert.StartsWith("x.yaml:2: max_clock_skew is '5', expected a duration like 5s or 500ms", e.Message);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var e = Assert.Throws<InstrumentRegistryException>(() => InstrumentRegistry.Load("/nonexistent/instruments.yaml", new SymbolRegistry()));
        Assert.StartsWith("/nonexistent/instruments.yaml:0: cannot read", e.Message);
    }
}
