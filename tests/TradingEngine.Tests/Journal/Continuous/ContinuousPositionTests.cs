using TradingEngine.Engine.Runtime;
using TradingEngine.Journal.Continuous;
using TradingEngine.Strategies;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Tests.Indicators.MarketStructure;
using TradingEngine.Tests.Strategies;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal.Continuous;

/// <summary>
/// A strategy's position at a roll (docs/rolls.md, <c>on_roll</c>): carried to the new contract, or flattened at the
/// old contract's reference price, on a generated two-contract bar series with a known crossover, under the unadjusted
/// and the difference-adjusted series, with exact fills and P&amp;L.
/// </summary>
public sealed class ContinuousPositionTests
{
    private static readonly string Instruments = Path.Combine(TestData.RepositoryRoot(), "pipelines/instruments.yaml");

    // 17:00 Chicago on 2013-12-01 (Sunday) is 23:00 UTC: the CME session of trading date 2013-12-02
    private static readonly long FirstSession = UtcNanos.FromDateTime(new DateTime(2013, 12, 1, 23, 0, 0, DateTimeKind.Utc));
    private static readonly long Day = TimeSpan.FromDays(1).Ticks * 100;
    private static readonly long Minute = TimeSpan.FromMinutes(1).Ticks * 100;

    private static string Yaml(string onRoll) => $$"""
        pipeline: roll_position_test
        timeframes: [1m]
        nodes:
          - id: liq
            kind: liquidity_levels
            params: {strength: 2, tick_size: 0.25, cluster_ticks: 0}
            inputs: [external:1m]
          - id: breakout
            kind: liquidity_breakout
            params: {tick_size: 0.25, stop_buffer_ticks: 1, target_r: 2, risk_per_trade: 1000, point_value: 50, slippage_ticks: 1, commission: 2.5, max_bars: 100, on_roll: {{onRoll}}}
            inputs: {candles: external:1m, sweep: liq.event, gaps: gaps}
        """;

    private sealed record Bar(string Contract, int Session, int Index, double Open, double High, double Low, double Close, long Volume);

    /// <summary>
    /// Session 0: ESZ13 sweeps the equal lows at 10 (bar 9 closes back at 11): long 10 at the next open 11.50 + one tick,
    /// 11.75. Session 1: ESZ13 trades 300 contracts ending at 12.00, ESH14 3000 ending at 17.00, so session 2 rolls to
    /// ESH14 (old 12.00, new 17.00, difference 5.00), where ESH14 trades at 17.00 and ESZ13 once more (not the front).
    /// </summary>
    private static List<Bar> Bars()
    {
        var bars = new List<Bar>();
        (double H, double L)[] sweep = [(13, 12), (12, 11), (11, 10), (12, 11), (13, 12), (12, 11), (11, 10), (12, 11), (13, 12)];
        for (var i = 0; i < sweep.Length; i++)
        {
            var mid = (sweep[i].H + sweep[i].L) / 2;
            bars.Add(new Bar("ESZ13", 0, i, mid, sweep[i].H, sweep[i].L, mid, 1000));
        }
        bars.Add(new Bar("ESZ13", 0, 9, 12, 12.5, 9.5, 11, 1000));
        bars.Add(new Bar("ESZ13", 0, 10, 11.5, 12, 11, 11.75, 1000));
        for (var i = 11; i < 13; i++)
            bars.Add(new Bar("ESZ13", 0, i, 11.75, 12, 11.5, 11.75, 1000));
        for (var i = 0; i < 3; i++)
        {
            bars.Add(new Bar("ESZ13", 1, i, 11.75, 12.25, 11.5, 12, 100));
            bars.Add(new Bar("ESH14", 1, i, 16.75, 17.25, 16.5, 17, 1000));
        }
        for (var i = 0; i < 4; i++)
            bars.Add(new Bar("ESH14", 2, i, 17, 17.25, 16.75, 17, 1000));
        bars.Add(new Bar("ESZ13", 2, 1, 12, 12, 12, 12, 10));
        return bars;
    }

    private static List<MarketEvent> Events(SymbolRegistry symbols) =>
        Bars().OrderBy(b => b.Session).ThenBy(b => b.Index).ThenBy(b => b.Contract, StringComparer.Ordinal).Select(b =>
        {
            var open = FirstSession + b.Session * Day + (60 + b.Index) * Minute;
            var candle = new Candle
            {
                Symbol = symbols.GetOrAdd(b.Contract),
                Timeframe = Timeframe.OneMinute,
                PricePrecision = 2,
                Flags = CandleFlags.Closed | CandleFlags.External,
                TickCount = 1,
                OpenTime = open,
                CloseTime = open + Minute,
                LastEventTime = open + Minute - 1,
                OpenRaw = Raw(b.Open),
                HighRaw = Raw(b.High),
                LowRaw = Raw(b.Low),
                CloseRaw = Raw(b.Close),
                VolumeRaw = b.Volume,
            };
            return MarketEvent.FromCandle(in candle);
        }).ToList();

    private static long Raw(double price) => (long)Math.Round(price * 100);

    private static (List<OutputMessage> Breakout, BacktestReport Report, ContinuousSeries Series) Run(string onRoll, ContinuousAdjustment adjustment)
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(Instruments, symbols);
        var (_, _, series, output) = ContinuousSeriesTests.Run(registry, symbols, Events(symbols), adjustment);
        var dag = StrategyPipeline.Compile(Yaml(onRoll));
        var pipeline = new SymbolPipeline(dag, registry["ES"].Id, 2, 0);
        var sink = CollectingSink.Create();
        for (var i = 0; i < output.Count; i++)
        {
            var e = output[i];
            e.SourceSequence = i + 1;
            pipeline.OnEvent(in e, ref sink);
        }
        var node = dag.IndexOf("breakout");
        return (sink.Messages.Where(m => m.NodeId == node).ToList(), StrategyPipeline.Report(dag, sink.Messages), series);
    }

    // the series' roll event: the event time of ESH14's first bar of session 2 (a candle's event time is its last event's)
    private static long RollTime => FirstSession + 2 * Day + 61 * Minute - 1;

    // the entry fill: at bar 10's open 11.50 + one tick slippage, known when bar 10 closes
    private static long EntryTime => FirstSession + 71 * Minute;

    // the entry's fill (the first update; bar 10's close marks the position again) and every fill that closed it
    private static List<PositionUpdate> Fills(List<OutputMessage> messages)
    {
        var updates = messages.Where(m => m.Kind == MessageType.PositionUpdate).Select(m => m.PositionUpdate).ToList();
        return [updates[0], .. updates.Skip(1).Where(u => u.Side == PositionSide.Flat)];
    }

    private static List<TradeSignal> Exits(List<OutputMessage> messages) =>
        messages.Where(m => m.Kind == MessageType.TradeSignal && m.TradeSignal.Action == SignalAction.Exit).Select(m => m.TradeSignal).ToList();

    [Theory]
    [InlineData(ContinuousAdjustment.None, 0)]
    [InlineData(ContinuousAdjustment.Difference, 5)]
    public void Flatten_closes_the_position_at_the_old_contracts_reference_price_at_the_roll(ContinuousAdjustment adjustment, double offset)
    {
        var (messages, report, series) = Run("flatten", adjustment);
        Assert.Equal(1, series.RollsEmitted);
        Assert.Equal(4, series.DroppedCount(ContinuousDrop.NotFront)); // ESH14's 3 bars of session 1, ESZ13's one of session 2

        // long 10 at 11.75 (+ the roll's 5.00 on the back-adjusted series), commission 25
        var fills = Fills(messages);
        Assert.Equal(2, fills.Count);
        Assert.Equal((EntryTime, PositionSide.Long, 10L, Raw(11.75 + offset), -25.0), (fills[0].EventTime, fills[0].Side, fills[0].QuantityRaw, fills[0].MarkPriceRaw, fills[0].RealizedPnl));
        // flattened at the roll, at ESZ13's reference price 12.00 (17.00 adjusted, which is ESH14's 17.00): no slippage,
        // commission 25: (12.00 − 11.75) × 10 × 50 − 25 − 25 = 75, the same on both series
        Assert.Equal((RollTime, PositionSide.Flat, 0L, Raw(12 + offset), 75.0), (fills[1].EventTime, fills[1].Side, fills[1].QuantityRaw, fills[1].MarkPriceRaw, fills[1].RealizedPnl));
        var exit = Assert.Single(Exits(messages));
        Assert.Equal((RollTime, PositionSide.Long, Raw(12 + offset), (ushort)SignalReason.ContractRoll), (exit.EventTime, exit.Side, exit.PriceRaw, exit.ReasonCode));
        // nothing is held on ESH14: no later position update
        Assert.DoesNotContain(messages, m => m.Kind == MessageType.PositionUpdate && m.EventTime > RollTime);

        var trade = Assert.Single(report.Trades);
        Assert.Equal((11.75 + offset, 12 + offset, 75.0, SignalReason.SweepReclaim, SignalReason.ContractRoll), (trade.EntryPrice, trade.ExitPrice, trade.Pnl, trade.EntryReason, trade.ExitReason));
    }

    /// <summary>on_roll: flatten acts only through the gaps input: without it the node would carry silently, so the pipeline is refused.</summary>
    [Fact]
    public void Flatten_without_the_gaps_input_is_a_pipeline_error_naming_the_node_and_the_input()
    {
        var yaml = Yaml("flatten").Replace(", gaps: gaps}", "}", StringComparison.Ordinal);
        var ex = Assert.Throws<TradingEngine.Engine.Pipelines.PipelineException>(() => StrategyPipeline.Compile(yaml));
        Assert.Contains("node 'breakout'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'on_roll' = 'flatten' needs input 'gaps' bound", ex.Message, StringComparison.Ordinal);
        Assert.Contains("strategy_test.yaml:10: node", ex.Message, StringComparison.Ordinal);
        // carry (the default) needs no gaps; flatten with gaps bound compiles
        StrategyPipeline.Compile(Yaml("carry").Replace(", gaps: gaps}", "}", StringComparison.Ordinal));
        StrategyPipeline.Compile(Yaml("flatten"));
    }

    [Fact]
    public void Carry_on_the_unadjusted_series_takes_the_roll_jump_as_the_position_s_profit()
    {
        var (messages, report, series) = Run("carry", ContinuousAdjustment.None);
        Assert.Equal(1, series.RollsEmitted);
        // the target 14.50 of the ESZ13 entry is far below ESH14's 17.00: the first ESH14 bar opens through it, and the
        // target fills at that open: (17.00 − 11.75) × 10 × 50 − 25 − 25 = 2575, most of it the 5.00 between the contracts
        var fills = Fills(messages);
        Assert.Equal(2, fills.Count);
        Assert.Equal((PositionSide.Long, Raw(11.75)), (fills[0].Side, fills[0].MarkPriceRaw));
        Assert.Equal((FirstSession + 2 * Day + 61 * Minute, PositionSide.Flat, Raw(17), 2575.0), (fills[1].EventTime, fills[1].Side, fills[1].MarkPriceRaw, fills[1].RealizedPnl));
        var exit = Assert.Single(Exits(messages));
        Assert.Equal((ushort)SignalReason.TargetHit, exit.ReasonCode);
        var trade = Assert.Single(report.Trades);
        Assert.Equal((11.75, 17.0, 2575.0, SignalReason.TargetHit), (trade.EntryPrice, trade.ExitPrice, trade.Pnl, trade.ExitReason));
    }

    [Fact]
    public void Carry_on_the_difference_adjusted_series_holds_the_position_across_the_roll()
    {
        var (messages, report, series) = Run("carry", ContinuousAdjustment.Difference);
        Assert.Equal(1, series.RollsEmitted);
        // long 10 at 16.75 (11.75 + 5.00), stop 14.25, target 19.50: ESH14's bars at 16.75..17.25 touch neither
        var fills = Fills(messages);
        Assert.Equal((PositionSide.Long, Raw(16.75), -25.0), (Assert.Single(fills).Side, fills[0].MarkPriceRaw, fills[0].RealizedPnl));
        Assert.Empty(Exits(messages));
        Assert.Empty(report.Trades);
        // marked at ESH14's last close 17.00: (17.00 − 16.75) × 10 × 50 = 125 open, the P&L of ESZ13 to the roll plus ESH14 after
        var last = messages.Last(m => m.Kind == MessageType.PositionUpdate).PositionUpdate;
        Assert.Equal((FirstSession + 2 * Day + 64 * Minute, PositionSide.Long, 10L, 16.75, -25.0, 125.0), (last.EventTime, last.Side, last.QuantityRaw, last.AveragePrice, last.RealizedPnl, last.UnrealizedPnl));
    }
}
