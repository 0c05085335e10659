using TradingEngine.Indicators.Volume;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Indicators;

/// <summary>Aggressor classification against the exchange's own aggressor flag (Databento ESH4 MBO, 2023-12-25).</summary>
public sealed class AggressorClassifierTests
{
    /// <summary>Measured on this file (tick rule alone, no quotes): see docs/indicators.md. A floor, not a tuned value.</summary>
    private const double TickRuleAccuracyFloor = 0.74; // measured 2,222 / 2,972 = 74.76 % (2 unknown)

    [Fact]
    public void Quote_rule_agrees_with_the_exchange_on_every_sided_trade()
    {
        var trades = EsTradesWithBbo.Read(TestData.Require(EsTradesWithBbo.RelativePath));
        Assert.Equal(2973, trades.Length);
        var classifier = new AggressorClassifier();
        int sided = 0, agree = 0, byQuote = 0;
        foreach (var t in trades)
        {
            var side = classifier.Classify(t.Price, AggressorSide.Unknown, t.Bid, t.Ask);
            if (!t.HasSide)
                continue;
            sided++;
            if (classifier.LastRule == AggressorRule.Quote)
                byQuote++;
            if (side == t.Side)
                agree++;
        }
        Assert.Equal(2972, sided);
        Assert.Equal(2972, byQuote);
        Assert.Equal(2972, agree);
    }

    [Fact]
    public void Feed_side_wins_over_quote_and_tick_rules()
    {
        var classifier = new AggressorClassifier();
        classifier.OnQuote(100, 101);
        Assert.Equal(AggressorSide.Sell, classifier.Classify(101, AggressorSide.Sell));
        Assert.Equal(AggressorRule.Feed, classifier.LastRule);
        Assert.Equal(AggressorSide.Buy, classifier.Classify(101));
        Assert.Equal(AggressorRule.Quote, classifier.LastRule);
    }

    [Fact]
    public void Crossed_book_and_inside_spread_fall_back_to_the_tick_rule()
    {
        var classifier = new AggressorClassifier();
        Assert.Equal(AggressorSide.Unknown, classifier.Classify(100, AggressorSide.Unknown, 105, 95)); // crossed, no history
        Assert.Equal(AggressorSide.Buy, classifier.Classify(102, AggressorSide.Unknown, 101, 104)); // inside: uptick
        Assert.Equal(AggressorRule.Tick, classifier.LastRule);
        Assert.Equal(AggressorSide.Buy, classifier.Classify(102, AggressorSide.Unknown, 101, 104)); // zero tick repeats
        Assert.Equal(AggressorSide.Sell, classifier.Classify(101, AggressorSide.Unknown, 101, 104)); // at bid: quote
        Assert.Equal(AggressorRule.Quote, classifier.LastRule);
    }

    [Fact]
    public void Tick_rule_accuracy_on_real_es_trades_is_at_least_the_measured_floor()
    {
        var trades = EsTradesWithBbo.Read(TestData.Require(EsTradesWithBbo.RelativePath));
        var classifier = new AggressorClassifier(); // no quotes: tick rule only
        int sided = 0, agree = 0, unknown = 0;
        foreach (var t in trades)
        {
            var side = classifier.Classify(t.Price);
            if (!t.HasSide)
                continue;
            sided++;
            if (side == AggressorSide.Unknown)
                unknown++;
            else if (side == t.Side)
                agree++;
        }
        var accuracy = (double)agree / sided;
        TestContext.Current.TestOutputHelper?.WriteLine($"tick rule: {agree}/{sided} = {accuracy:P2} agree, {unknown} unknown");
        Assert.True(accuracy >= TickRuleAccuracyFloor, $"tick rule accuracy {agree}/{sided} = {accuracy:P2} < floor {TickRuleAccuracyFloor:P0}");
    }
}
