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
        // Daily PnL 95, 295, 0: mean 130, sample variance 45350 / 2.
        Assert.Equal(130.0 / Math.Sqrt(22675.0) * Math.Sqrt(252), s.Sharpe!.Value);
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
