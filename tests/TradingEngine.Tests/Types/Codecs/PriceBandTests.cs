using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types.Codecs;

/// <summary>
/// The trade-price plausibility band (issue 18.4): a wild print is refused without locking the symbol, and a real gap
/// re-anchors the reference after <c>reanchor_trades</c> agreeing trades.
/// </summary>
public sealed class PriceBandTests
{
    private static readonly PriceBandRule TenPercent = new(maxJumpPpm: 100_000, reanchorTrades: 3);

    private static bool Admit(ref PriceBand band, string price)
    {
        var p = Price.Parse(price);
        return band.Admit(in TenPercent, p.Raw, p.Precision);
    }

    [Fact]
    public void A_9e14_print_on_SPY_is_out_of_band_and_the_next_real_trade_is_accepted()
    {
        var band = new PriceBand();
        Assert.True(Admit(ref band, "167.42"));
        Assert.False(Admit(ref band, "900000000000000"));
        Assert.Equal(167.42m, band.Reference);
        Assert.True(Admit(ref band, "167.43"));
        Assert.True(Admit(ref band, "167.41"));
        Assert.Equal(167.41m, band.Reference);
    }

    [Fact]
    public void A_gapped_open_reanchors_after_three_agreeing_trades_and_does_not_lock_the_symbol()
    {
        // SPY closes at 167.40; the next session opens 13.5 % higher at 190 and trades on from there
        var band = new PriceBand();
        Assert.True(Admit(ref band, "167.40"));
        Assert.False(Admit(ref band, "190.00")); // run 1
        Assert.False(Admit(ref band, "190.05")); // run 2
        Assert.True(Admit(ref band, "190.10"));  // run 3: the reference moves
        Assert.Equal(190.10m, band.Reference);
        Assert.True(Admit(ref band, "190.12"));
        Assert.True(Admit(ref band, "189.90"));
        Assert.False(Admit(ref band, "167.40")); // the old price is now the outlier
    }

    [Fact]
    public void A_limit_move_down_reanchors_too()
    {
        var band = new PriceBand();
        Assert.True(Admit(ref band, "4760.25"));
        Assert.False(Admit(ref band, "4200.00"));
        Assert.False(Admit(ref band, "4199.75"));
        Assert.True(Admit(ref band, "4200.25"));
        Assert.Equal(4200.25m, band.Reference);
    }

    [Fact]
    public void Outliers_that_disagree_with_each_other_never_reanchor()
    {
        var band = new PriceBand();
        Assert.True(Admit(ref band, "100"));
        for (var i = 0; i < 10; i++)
        {
            Assert.False(Admit(ref band, "900000000000000"));
            Assert.False(Admit(ref band, "1.5"));
        }
        Assert.Equal(100m, band.Reference);
    }

    [Fact]
    public void A_trade_back_inside_the_band_ends_the_run()
    {
        var band = new PriceBand();
        Assert.True(Admit(ref band, "100"));
        Assert.False(Admit(ref band, "150"));
        Assert.False(Admit(ref band, "150"));
        Assert.True(Admit(ref band, "100.5")); // run ends here
        Assert.False(Admit(ref band, "150"));  // a new run of 1
        Assert.False(Admit(ref band, "150"));
        Assert.True(Admit(ref band, "150"));
    }

    [Fact]
    public void The_edge_is_exact_and_precisions_compare_by_value()
    {
        var band = new PriceBand();
        Assert.True(band.Admit(in TenPercent, 1_000_000, 4)); // 100.0000
        Assert.True(band.Admit(in TenPercent, 110, 0));        // exactly +10 % at another precision
        Assert.Equal(110m, band.Reference);
        Assert.False(band.Admit(in TenPercent, 98_999_999_999, 9)); // 98.999999999: one nano below −10 %
        Assert.True(band.Admit(in TenPercent, 99_000_000_000, 9));  // exactly −10 %
    }

    [Fact]
    public void Without_a_rule_every_trade_is_accepted()
    {
        var band = new PriceBand();
        Assert.True(band.Admit(default, 1, 0));
        Assert.True(band.Admit(default, long.MaxValue, 0));
    }

    [Fact]
    public void The_guard_refuses_zero_size_and_keeps_one_band_per_symbol()
    {
        var guard = new TradeGuard();
        var spy = new SymbolId(3);
        var es = new SymbolId(40);
        guard.SetRule(spy, TenPercent);
        Assert.Equal(RejectReason.ZeroSize, guard.Check(spy, 1_674_200, 4, 0));
        Assert.Equal(RejectReason.None, guard.Check(spy, 1_674_200, 4, 100));
        Assert.Equal(RejectReason.PriceOutOfBand, guard.Check(spy, 9_000_000_000_000_000_000, 4, 100));
        Assert.Equal(RejectReason.None, guard.Check(es, 476_025, 2, 1)); // no rule: no band
        Assert.Equal(RejectReason.None, guard.Check(es, 1, 2, 1));
        var detail = guard.Describe(RejectReason.PriceOutOfBand, spy, "SPY", 9_000_000_000_000_000_000, 4);
        Assert.Contains("SPY at 900000000000000", detail, StringComparison.Ordinal);
        Assert.Contains("10% from the reference 167.42", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10%", 100_000)]
    [InlineData("2.5%", 25_000)]
    [InlineData("0.0001%", 1)]
    [InlineData("10000%", 100_000_000)]
    public void Max_jump_is_a_percentage(string text, int ppm)
    {
        Assert.True(PriceBandRule.TryParseMaxJump(text, out var parsed));
        Assert.Equal(ppm, parsed);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("0.1")]
    [InlineData("0%")]
    [InlineData("-5%")]
    [InlineData("0.00001%")]
    [InlineData("10000.0001%")]
    [InlineData("1111111111111111111111111110%")] // the product overflowed decimal: an OverflowException before
    public void Max_jump_without_a_percent_sign_or_out_of_range_is_refused(string text) =>
        Assert.False(PriceBandRule.TryParseMaxJump(text, out _));

    [Fact]
    public void The_registry_reads_max_jump_and_reanchor_trades()
    {
        const string yaml = "instruments:\n  - symbol: SPY\n    tick_size: 0.0001\n    price_precision: 4\n    session: { time_zone: Etc/UTC, open: \"00:00\", close: \"00:00\" }\n    max_jump: 10%\n    reanchor_trades: 5\n"
                            + "  - symbol: ES\n    tick_size: 0.25\n    price_precision: 2\n    session: { time_zone: Etc/UTC, open: \"00:00\", close: \"00:00\" }\n";
        var registry = InstrumentRegistry.Parse(yaml, "x.yaml", new SymbolRegistry());
        Assert.Equal(new PriceBandRule(100_000, 5), registry["SPY"].PriceBand);
        Assert.False(registry["ES"].PriceBand.IsEnabled);
    }

    [Theory]
    [InlineData("    max_jump: 10\n", 6, "max_jump is '10', expected a positive percentage like 10%")]
    [InlineData("    max_jump: 10%\n    reanchor_trades: 1\n", 7, "reanchor_trades is '1', expected a whole number of at least 2")]
    [InlineData("    reanchor_trades: 3\n", 6, "reanchor_trades without max_jump")]
    public void Band_errors_name_file_and_line(string band, int line, string problem)
    {
        var yaml = "instruments:\n  - symbol: SPY\n    tick_size: 0.0001\n    price_precision: 4\n    session: { time_zone: Etc/UTC, open: \"00:00\", close: \"00:00\" }\n" + band;
        var e = Assert.Throws<InstrumentRegistryException>(() => InstrumentRegistry.Parse(yaml, "pipelines/bad.yaml", new SymbolRegistry()));
        Assert.StartsWith($"pipelines/bad.yaml:{line}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void The_checked_in_registry_bands_every_instrument()
    {
        var registry = InstrumentRegistry.Load(Path.Combine(TestData.RepositoryRoot(), "pipelines", "instruments.yaml"), new SymbolRegistry());
        Assert.All(registry.Instruments, i => Assert.True(i.PriceBand.IsEnabled, i.Symbol));
        Assert.Equal(new PriceBandRule(100_000, 3), registry["SPY"].PriceBand);
    }
}
