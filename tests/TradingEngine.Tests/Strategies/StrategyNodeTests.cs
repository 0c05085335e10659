using TradingEngine.Strategies;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Tests.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

public sealed class StrategyNodeTests
{
    private const string BreakoutYaml = """
        pipeline: breakout_test
        timeframes: [1m]
        nodes:
          - id: liq
            kind: liquidity_levels
            params: {strength: 2, tick_size: 0.25, cluster_ticks: 0}
            inputs: [external:1m]
          - id: breakout
            kind: liquidity_breakout
            params: {tick_size: 0.25, stop_buffer_ticks: 1, target_r: 2, risk_per_trade: 1000, point_value: 50, slippage_ticks: 1, commission: 2.5, max_bars: 3}
            inputs: {candles: external:1m, sweep: liq.event}
        """;

    /// <summary>Equal lows of 10 at bars 2 and 6; bar 9 sweeps them (low 9.5) and closes back at 11.</summary>
    private static Candle[] Sweep()
    {
        var bars = StructureBars.FromHighLow((13, 12), (12, 11), (11, 10), (12, 11), (13, 12), (12, 11), (11, 10), (12, 11), (13, 12));
        return StructureBars.With(bars, 9, 12, 12.5, 9.5, 11);
    }

    [Fact]
    public void A_swept_sell_side_level_closing_back_enters_long_with_stop_risk_and_a_fill_at_the_next_open()
    {
        var dag = StrategyPipeline.Compile(BreakoutYaml);
        var node = dag.IndexOf("breakout");
        var bars = StructureBars.With(Sweep(), 10, 11.5, 12, 11, 11.75);
        var messages = StrategyPipeline.Run(dag, bars).Where(m => m.NodeId == node).ToList();

        var signals = messages.Where(m => m.Kind == MessageType.TradeSignal).Select(m => m.TradeSignal).ToList();
        Assert.Equal((SignalAction.Entry, PositionSide.Long, StructureBars.Raw(11), (ushort)SignalReason.SweepReclaim), (signals[0].Action, signals[0].Side, signals[0].PriceRaw, signals[0].ReasonCode));
        Assert.Equal((SignalAction.Stop, StructureBars.Raw(9.25)), (signals[1].Action, signals[1].PriceRaw));
        Assert.Equal(StructureBars.Start + (10 * StructureBars.Minute), signals[0].EventTime);
        Assert.Equal(["liq"], TriggerResolver.Resolve(dag, node, signals[0].Triggers));

        // Risk 11 − 9.25 = 1.75 points × 50 = 87.5 per contract: 1000 / 87.5 → 11, capped by max_quantity 10.
        var risk = Assert.Single(messages, m => m.Kind == MessageType.RiskMetric).RiskMetric;
        Assert.Equal((StructureBars.Raw(11), StructureBars.Raw(9.25), StructureBars.Raw(14.5), 10L, 2.0), (risk.EntryRaw, risk.StopRaw, risk.TargetRaw, risk.PositionSizeRaw, risk.RMultiple));

        // Next bar opens at 11.5: long 10 at 11.75 (one tick slippage), 10 × 2.5 commission.
        var fill = messages.First(m => m.Kind == MessageType.PositionUpdate).PositionUpdate;
        Assert.Equal((PositionSide.Long, 10L, StructureBars.Raw(11.75), 11.75, -25.0), (fill.Side, fill.QuantityRaw, fill.MarkPriceRaw, fill.AveragePrice, fill.RealizedPnl));
        Assert.Equal(StructureBars.Start + (11 * StructureBars.Minute), fill.EventTime);
    }

    [Fact]
    public void Without_a_close_back_there_is_no_entry()
    {
        var dag = StrategyPipeline.Compile(BreakoutYaml);
        var node = dag.IndexOf("breakout");
        var bars = StructureBars.With(Sweep(), 9, 12, 12.5, 9, 9.5);
        Assert.DoesNotContain(StrategyPipeline.Run(dag, bars), m => m.NodeId == node && m.Kind == MessageType.TradeSignal);
    }

    [Fact]
    public void The_time_exit_closes_after_max_bars_at_the_next_open()
    {
        var dag = StrategyPipeline.Compile(BreakoutYaml);
        var node = dag.IndexOf("breakout");
        var bars = Sweep().ToList();
        for (var i = 10; i < 16; i++)
            bars.Add(StructureBars.Bar(i, 11.5, 12, 11, 11.5));
        var messages = StrategyPipeline.Run(dag, bars.ToArray()).Where(m => m.NodeId == node).ToList();
        var exit = Assert.Single(messages, m => m.Kind == MessageType.TradeSignal && m.TradeSignal.Action == SignalAction.Exit).TradeSignal;
        Assert.Equal((ushort)SignalReason.TimeExit, exit.ReasonCode);
        var report = StrategyPipeline.Report(dag, StrategyPipeline.Run(dag, bars.ToArray()));
        var trade = Assert.Single(report.Trades);
        // In at 11.75, out at 11.5 − 0.25 = 11.25: −0.5 × 10 × 50 − 2 × 25.
        Assert.Equal((11.75, 11.25, -300.0, SignalReason.SweepReclaim, SignalReason.TimeExit), (trade.EntryPrice, trade.ExitPrice, trade.Pnl, trade.EntryReason, trade.ExitReason));
        Assert.Equal("breakout", trade.Strategy);
    }
}
