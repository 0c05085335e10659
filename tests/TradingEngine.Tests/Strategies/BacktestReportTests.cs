using TradingEngine.Strategies;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

public sealed class BacktestReportTests
{
    private const long Day = 86_400_000_000_000L;
    private static readonly long Jan2 = new DateTimeOffset(2024, 1, 2, 15, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    private static OutputMessage Update(long time, PositionSide side, double average, double realized, double mark) =>
        OutputMessage.From(new PositionUpdate
        {
            Symbol = new SymbolId(1),
            Timeframe = Timeframe.OneMinute,
            EventTime = time,
            Side = side,
            PricePrecision = 2,
            QuantityRaw = side == PositionSide.Flat ? 0 : 2,
            MarkPriceRaw = (long)(mark * 100),
            AveragePrice = average,
            RealizedPnl = realized,
        }, 7);

    private static OutputMessage Signal(long time, SignalAction action, SignalReason reason) =>
        OutputMessage.From(new TradeSignal
        {
            Symbol = new SymbolId(1),
            Timeframe = Timeframe.OneMinute,
            EventTime = time,
            Action = action,
            Side = PositionSide.Long,
            PricePrecision = 2,
            ReasonCode = (ushort)reason,
            PriceRaw = 10_000,
        }, 7);

    /// <summary>Three trades (+200, −105, +295) over three days, the third day without trades.</summary>
    private static List<OutputMessage> Run() =>
    [
        Signal(Jan2, SignalAction.Entry, SignalReason.SweepReclaim),
        Update(Jan2 + 1, PositionSide.Long, 100, -5, 100),
        Update(Jan2 + 2, PositionSide.Long, 100, -5, 101),
        Signal(Jan2 + 3, SignalAction.Exit, SignalReason.TargetHit),
        Update(Jan2 + 3, PositionSide.Flat, 0, 200, 102),
        Signal(Jan2 + 4, SignalAction.Entry, SignalReason.ZoneFade),
        Update(Jan2 + 5, PositionSide.Short, 101, 195, 101),
        Update(Jan2 + 6, PositionSide.Flat, 0, 95, 102),
        Update(Jan2 + Day, PositionSide.Long, 99, 90, 99),
        Update(Jan2 + Day + 1, PositionSide.Flat, 0, 390, 102),
        OutputMessage.From(new Candle { Symbol = new SymbolId(1), Timeframe = Timeframe.OneMinute, OpenTime = Jan2 + (2 * Day), CloseTime = Jan2 + (2 * Day) + 60_000_000_000 }, -1),
    ];

    private static OutputMessage On(int symbol, OutputMessage m)
    {
        m.Symbol = new SymbolId(symbol);
        if (m.Kind == MessageType.PositionUpdate)
            m.PositionUpdate.Symbol = new SymbolId(symbol);
        return m;
    }

    [Fact]
    public void One_strategy_on_two_symbols_keeps_each_symbols_position_apart()
    {
        // ES (1) goes long at 100, NQ (2) short at 200 while ES is open; each closes on its own symbol
        var builder = new BacktestReportBuilder((symbol, node) => $"node{node}") { Symbols = Registry() };
        builder.AddRange(
        [
            On(1, Update(Jan2, PositionSide.Long, 100, 0, 100)),
            On(2, Update(Jan2 + 1, PositionSide.Short, 200, 0, 200)),
            On(1, Update(Jan2 + 2, PositionSide.Flat, 0, 10, 110)),
            On(2, Update(Jan2 + 3, PositionSide.Flat, 0, -30, 215)),
        ]);
        var report = builder.Build();
        var s = Assert.Single(report.Strategies);
        Assert.Equal(("node7", 2, 1, 1), (s.Strategy, s.Trades, s.Wins, s.Losses));
        Assert.Equal([("ES", PositionSide.Long, 100.0, 10.0), ("NQ", PositionSide.Short, 200.0, -30.0)],
            report.Trades.Select(t => (t.Symbol, t.Side, t.EntryPrice, t.Pnl)));
        Assert.Contains(",7,ES,long,", report.ToTradesCsv(), StringComparison.Ordinal);
    }

    private static SymbolRegistry Registry()
    {
        var symbols = new SymbolRegistry();
        symbols.GetOrAdd("ES");
        symbols.GetOrAdd("NQ");
        return symbols;
    }

    [Fact]
    public void Metrics_match_the_hand_computed_example()
    {
        var report = BacktestReport.From(Run(), id => $"node{id}");
        var s = Assert.Single(report.Strategies);
        Assert.Equal(("node7", 3, 2, 1), (s.Strategy, s.Trades, s.Wins, s.Losses));
        Assert.Equal(2.0 / 3, s.WinRate);
        Assert.Equal((495.0, 105.0, 495.0 / 105), (s.GrossProfit, s.GrossLoss, s.ProfitFactor!.Value));
        Assert.Equal((130.0, 390.0, 105.0), (s.Expectancy, s.NetPnl, s.MaxDrawdown));
        // Daily PnL 95, 295, 0: three returns are no sample for an annualised ratio (the formula would say
        // 130 / √22675 × √252 = 13.7): Sharpe and Sortino are n/a below 20 trading days, and the text says why
        Assert.Null(s.Sharpe);
        Assert.Null(s.Sortino);
        Assert.Contains("n/a (3 days)", report.ToText(), StringComparison.Ordinal);
        Assert.Equal([("2024-01-02", 95.0), ("2024-01-03", 295.0), ("2024-01-04", 0.0)], s.Daily.Select(d => (d.Date, d.Pnl)));
        // equity 200 (peak, exit at +3 ns) → 95 → 390 (recovered at 1 day + 1 ns): below its peak for 1 day − 2 ns
        Assert.Equal(Day - 2, s.MaxDrawdownDurationNanos);
        // in a position 2 + 1 + 1 ns of the run's 2 days (first message to the last candle's time)
        Assert.Equal(4.0 / (2 * Day), s.Exposure);
        Assert.Equal(3, report.Days);
        Assert.Equal([200.0, -105.0, 295.0], report.Trades.Select(t => t.Pnl));
        var first = report.Trades[0];
        Assert.Equal((PositionSide.Long, 100.0, 102.0, 2.0, SignalReason.SweepReclaim, SignalReason.TargetHit),
            (first.Side, first.EntryPrice, first.ExitPrice, first.Quantity, first.EntryReason, first.ExitReason));
        Assert.Equal((PositionSide.Short, SignalReason.ZoneFade, SignalReason.None), (report.Trades[1].Side, report.Trades[1].EntryReason, report.Trades[1].ExitReason));
    }

    [Fact]
    public void No_losses_no_profit_factor_and_one_day_no_sharpe()
    {
        var report = BacktestReport.From(Run().Take(5), id => "s");
        var s = Assert.Single(report.Strategies);
        Assert.Null(s.ProfitFactor);
        Assert.Null(s.Sharpe);
        Assert.Contains("n/a", report.ToText(), StringComparison.Ordinal);
        Assert.Contains("\"profit_factor\": null", report.ToJson(), StringComparison.Ordinal);
    }

    /// <summary>
    /// 20 trading days, one 1-hour ES trade a day (15:00–16:00 UTC from 2 Jan 2024): +100 on even days, −50 on odd ones.
    /// Daily P&amp;L mean 25; deviations ±75, sample variance 20 × 5625 / 19; downside deviation √(10 × 50² / 20) = √1250.
    /// </summary>
    [Fact]
    public void Twenty_days_give_hand_computed_sharpe_sortino_drawdown_duration_exposure_and_daily_pnl_in_the_instruments_currency()
    {
        var symbols = new SymbolRegistry();
        var instruments = InstrumentRegistry.Load(Path.Combine(TradingEngine.Tests.Support.TestData.RepositoryRoot(), "pipelines/instruments.yaml"), symbols);
        var es = instruments["ES"].Id.Value;
        const long Hour = 3_600_000_000_000L;
        var messages = new List<OutputMessage>();
        var realized = 0.0;
        for (var i = 0; i < 20; i++)
        {
            var open = Jan2 + (i * Day);
            messages.Add(On(es, Update(open, PositionSide.Long, 100, realized, 100)));
            realized += i % 2 == 0 ? 100 : -50;
            messages.Add(On(es, Update(open + Hour, PositionSide.Flat, 0, realized, 101)));
        }
        var builder = new BacktestReportBuilder(_ => "daily") { Symbols = symbols, Instruments = instruments };
        builder.AddRange(messages);
        var report = builder.Build();
        var s = Assert.Single(report.Strategies);

        Assert.Equal((20, 20, 500.0, 50.0), (report.Days, s.Trades, s.NetPnl, s.MaxDrawdown));
        Assert.Equal(25 / Math.Sqrt(20 * 5625.0 / 19) * Math.Sqrt(252), s.Sharpe!.Value, 12);
        Assert.Equal(25 / Math.Sqrt(1250.0) * Math.Sqrt(252), s.Sortino!.Value, 12);
        // below a peak from each odd day's loss until the next even day's exit: 2 days (the last dip, 1 day, is not recovered)
        Assert.Equal(2 * Day, s.MaxDrawdownDurationNanos);
        // 20 hours in a position over a run from day 0 15:00 to day 19 16:00 (19 days + 1 hour)
        Assert.Equal(20.0 / ((19 * 24) + 1), s.Exposure, 12);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 100.0 : -50.0), s.Daily.Select(d => d.Pnl));
        Assert.Equal("2024-01-21", s.Daily[^1].Date);

        // money in the instrument's currency, units in every header, the ratios given
        Assert.Equal("USD", s.Currency);
        var text = report.ToText();
        var header = text.Split('\n')[1];
        foreach (var column in new[] { "win %", "expect USD", "net USD", "max_dd USD", "dd_time", "exposure %", "sharpe/yr", "sortino/yr" })
            Assert.Contains(column, header, StringComparison.Ordinal);
        Assert.Contains(" 2d00h ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("n/a", text, StringComparison.Ordinal);
        Assert.Contains("2024-01-03                   -50.00", text, StringComparison.Ordinal);
        var json = report.ToJson();
        Assert.Contains("\"currency\": \"USD\"", json, StringComparison.Ordinal);
        Assert.Contains("\"max_drawdown_duration_s\": 172800", json, StringComparison.Ordinal);
        Assert.Contains("\"date\": \"2024-01-21\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_print_in_the_largest_units()
    {
        Assert.Equal(["0", "42s", "17m05s", "5h12m", "3d04h"],
            new[] { 0L, 42L, (17 * 60) + 5, (5 * 3600) + (12 * 60), (3 * 86_400) + (4 * 3600) }.Select(s => BacktestReport.Duration(s * 1_000_000_000)));
    }

    [Fact]
    public void Text_json_and_csv_are_the_same_bytes_every_time()
    {
        var a = BacktestReport.From(Run(), id => "breakout");
        var b = BacktestReport.From(Run(), id => "breakout");
        Assert.Equal(a.ToText(), b.ToText());
        Assert.Equal(a.ToJson(), b.ToJson());
        Assert.Equal(a.ToTradesCsv(), b.ToTradesCsv());
        var csv = a.ToTradesCsv().Split('\n');
        Assert.Equal("strategy,node_id,symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,pnl,entry_reason,exit_reason", csv[0]);
        Assert.Equal("breakout,7,#1,long,2024-01-02T15:00:00.0000000Z,100,2024-01-02T15:00:00.0000000Z,102,2,200,sweep_reclaim,target", csv[1]);
        Assert.Equal(5, csv.Length);
    }
}
