using System.Text;
using System.Text.RegularExpressions;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Strategies.Reporting.Tearsheet;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies.Reporting;

public sealed partial class TearsheetWriterTests
{
    private const long Minute = 60_000_000_000L;
    private static readonly long T0 = new DateTimeOffset(2024, 1, 2, 15, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    private static OutputMessage Bar(SymbolId symbol, Timeframe tf, long open, long price, bool closed = true) =>
        OutputMessage.From(new Candle
        {
            Symbol = symbol, Timeframe = tf, OpenTime = open, CloseTime = open + tf.Nanos, PricePrecision = 2,
            OpenRaw = price, HighRaw = price + 100, LowRaw = price - 100, CloseRaw = price + 25, VolumeRaw = 7,
            Flags = closed ? CandleFlags.Closed : CandleFlags.None,
        }, -1);

    private static OutputMessage Update(SymbolId symbol, long time, PositionSide side, double average, double realized, long mark) =>
        OutputMessage.From(new PositionUpdate
        {
            Symbol = symbol, Timeframe = Timeframe.OneMinute, EventTime = time, Side = side, PricePrecision = 2,
            QuantityRaw = side == PositionSide.Flat ? 0 : 1, MarkPriceRaw = mark, AveragePrice = average, RealizedPnl = realized,
        }, 3);

    [Fact]
    public void A_trade_is_drawn_on_the_finest_timeframe_that_holds_it_with_margins_around()
    {
        var symbols = new SymbolRegistry();
        var es = symbols.GetOrAdd("ES");
        var candles = new TradeCandles(symbols);
        for (var i = 0; i < 300; i++)
        {
            candles.Add(Bar(es, Timeframe.OneMinute, T0 + (i * Minute), 10_000 + i));
            if (i % 5 == 0)
                candles.Add(Bar(es, Timeframe.FiveMinutes, T0 + (i * Minute), 10_000 + i));
        }
        candles.Add(Bar(es, Timeframe.OneMinute, T0 + (300 * Minute), 1, closed: false)); // forming: not kept
        Assert.Equal(360, candles.Count);

        // 10 minutes long: one-minute bars, 20 before the entry's bar, 20 after the exit's
        var (tf, bars) = candles.Around("ES", T0 + (100 * Minute) + 5, T0 + (110 * Minute), TearsheetWriter.MaxBarsInTrade, TearsheetWriter.MarginBars);
        Assert.Equal(Timeframe.OneMinute, tf);
        Assert.Equal(T0 + (80 * Minute), bars[0].OpenTime);
        Assert.Equal(T0 + (130 * Minute), bars[^1].OpenTime);
        Assert.Equal((100.80, 101.80, 99.80, 101.05), (bars[0].Open, bars[0].High, bars[0].Low, bars[0].Close));

        // 200 minutes long: too many one-minute bars, five-minute ones instead
        (tf, bars) = candles.Around("ES", T0 + (50 * Minute), T0 + (250 * Minute), TearsheetWriter.MaxBarsInTrade, TearsheetWriter.MarginBars);
        Assert.Equal(Timeframe.FiveMinutes, tf);
        Assert.Equal(T0, bars[0].OpenTime);
        Assert.Equal(T0 + (295 * Minute), bars[^1].OpenTime);

        Assert.Empty(candles.Around("NQ", T0, T0 + Minute, 80, 20).Bars);
    }

    [Fact]
    public void The_page_embeds_report_json_unchanged_and_equal_runs_give_equal_bytes()
    {
        var symbols = new SymbolRegistry();
        var es = symbols.GetOrAdd("ES");
        var candles = new TradeCandles(symbols);
        var builder = new BacktestReportBuilder(node => "fade</script>") { Symbols = symbols };
        for (var i = 0; i < 30; i++)
        {
            var bar = Bar(es, Timeframe.OneMinute, T0 + (i * Minute), 10_000 + i);
            candles.Add(bar);
            builder.Add(bar);
        }
        builder.Add(Update(es, T0 + (5 * Minute), PositionSide.Long, 100, 0, 10_000));
        builder.Add(Update(es, T0 + (9 * Minute), PositionSide.Flat, 0, 50, 10_050));
        var report = builder.Build();

        var page = Write(report, candles);
        Assert.Equal(page, Write(report, candles));
        var embedded = ReportElement().Match(page);
        Assert.True(embedded.Success, "no #te-report element");
        Assert.Equal(report.ToJson().Replace("</", "<\\/", StringComparison.Ordinal), embedded.Groups[1].Value);
        // a strategy named with a closing tag cannot end the script element early
        Assert.Equal(3, Regex.Matches(page, "</script>").Count); // te-report, te-charts and the page script
        Assert.Contains("\"charted\":1", page, StringComparison.Ordinal);
        Assert.Contains("window.teTearsheet", page, StringComparison.Ordinal);
    }

    private static string Write(BacktestReport report, TradeCandles candles)
    {
        using var ms = new MemoryStream();
        TearsheetWriter.Write(ms, report, candles, "test run");
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"te-report\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ReportElement();
}
