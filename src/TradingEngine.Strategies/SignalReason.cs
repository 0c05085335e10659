namespace TradingEngine.Strategies;

/// <summary>The <see cref="Types.TradeSignal.ReasonCode"/> values the strategies emit (docs/strategies.md §6).</summary>
public enum SignalReason : ushort
{
    None = 0,
    /// <summary>liquidity_breakout: a level was swept and the bar closed back (fade the sweep).</summary>
    SweepReclaim = 1,
    /// <summary>liquidity_breakout: a level was broken with a close beyond and delta in the break's direction.</summary>
    LevelBreak = 2,
    /// <summary>structure_reversion: price faded into a live zone agreeing with the higher timeframe.</summary>
    ZoneFade = 3,
    /// <summary>multi_tf_confluence: EMA slopes and structure of every timeframe agree, RSI not stretched.</summary>
    Confluence = 4,
    /// <summary>The protective stop that goes with an entry.</summary>
    ProtectiveStop = 10,
    /// <summary>The stop filled.</summary>
    StopHit = 11,
    /// <summary>The target filled.</summary>
    TargetHit = 12,
    /// <summary>The strategy's exit rule fired.</summary>
    RuleExit = 13,
    /// <summary>The trade reached its maximum number of bars.</summary>
    TimeExit = 14,
    /// <summary>The position was closed (or a pending entry cancelled) at a futures roll (<c>on_roll: flatten</c>).</summary>
    ContractRoll = 15,
}
