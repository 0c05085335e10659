using TradingEngine.Timescale.Sink;

namespace TradingEngine.Timescale.Schema;

/// <summary>
/// The one description of every table the sink writes, and of its watermark table. Migration 1's DDL, the COPY
/// column lists, the candle upsert and the columns the migration tests expect in a migrated database are all derived
/// from here (<c>schema.sql</c>, generated from the migrations, is checked by a drift test). Migration 1 is applied to
/// existing databases, so its rendered text is pinned by a test: a change to a table is a new migration, not an edit.
/// </summary>
internal static class SinkSchema
{
    private static SqlColumn C(string name, string type) => new(name, type);
    private static SqlColumn N(string name, string type) => new(name, type, NotNull: false);

    public static SqlTable Ticks { get; } = new("ticks",
    [
        C("time", "timestamptz"), C("time_ns", "bigint"), C("receive_ns", "bigint"), C("symbol", "text"),
        C("price_precision", "smallint"), C("size_precision", "smallint"), C("price_raw", "bigint"), C("size_raw", "bigint"),
        N("bid_raw", "bigint"), N("ask_raw", "bigint"), C("side", "smallint"), C("flags", "smallint"), C("conditions", "bigint"),
        C("venue", "smallint"), C("source_seq", "bigint"),
    ], [], [("ticks_symbol_time", "symbol, time DESC")],
        IndexComment: "-- No unique key: identical prints (same time, price, size) are real trades; the sink's watermark dedupes.");

    public static SqlTable Candles { get; } = new("candles",
    [
        C("time", "timestamptz"), C("time_ns", "bigint"), C("close_ns", "bigint"), C("symbol", "text"), C("timeframe", "text"),
        C("price_precision", "smallint"), C("size_precision", "smallint"), C("open_raw", "bigint"), C("high_raw", "bigint"),
        C("low_raw", "bigint"), C("close_raw", "bigint"), C("volume_raw", "bigint"), C("tick_count", "integer"),
        C("flags", "smallint"), C("receive_ns", "bigint"), C("source_seq", "bigint"),
    ], [$"CONSTRAINT candles_symbol_timeframe_time UNIQUE ({CandleKey})"], [("candles_symbol_time", "symbol, time DESC")]);

    public static SqlTable MarketStructure { get; } = new("market_structure",
    [
        C("time", "timestamptz"), C("time_ns", "bigint"), C("symbol", "text"), C("timeframe", "text"), C("node", "text"),
        C("type", "text"), C("direction", "text"), N("state", "text"), C("price_precision", "smallint"), C("price_raw", "bigint"),
        N("price2_raw", "bigint"), C("ref_ns", "bigint"), N("count", "integer"), N("size_precision", "smallint"),
        N("volume_raw", "bigint"), C("source_seq", "bigint"),
    ], [], [("market_structure_symbol_time", "symbol, time DESC")], Comment: """
        -- Swing points, fair value gaps, order blocks, liquidity levels, breaks of structure.
        -- price_raw: swing/liquidity price, BOS level, FVG/OB top; price2_raw: BOS break price, FVG/OB bottom.
        -- state: zone state (FVG, OB, liquidity) or break kind (BOS); ref_ns: pivot/formed/origin/swing time;
        -- count: swing strength or liquidity touches.
        """);

    public static SqlTable Indicators { get; } = new("indicators",
    [
        C("time", "timestamptz"), C("time_ns", "bigint"), C("symbol", "text"), C("timeframe", "text"), C("node", "text"),
        C("indicator", "text"), N("period", "smallint"), C("value", "double precision"), N("upper1", "double precision"),
        N("lower1", "double precision"), N("upper2", "double precision"), N("lower2", "double precision"),
        N("session_start_ns", "bigint"), C("source_seq", "bigint"),
    ], [], [("indicators_symbol_time", "symbol, time DESC"), ("indicators_symbol_node_time", "symbol, node, time DESC")],
        Comment: "-- Moving averages, VWAP (with its bands), RSI, ATR: doubles, as the indicator cores compute them.");

    public static SqlTable VolumeAnalysis { get; } = new("volume_analysis",
    [
        C("time", "timestamptz"), C("time_ns", "bigint"), C("symbol", "text"), C("timeframe", "text"), C("node", "text"),
        C("type", "text"), C("bar_ns", "bigint"), N("price_precision", "smallint"), C("size_precision", "smallint"),
        N("buy_raw", "bigint"), N("sell_raw", "bigint"), N("delta_raw", "bigint"), N("total_volume_raw", "bigint"),
        N("poc_raw", "bigint"), N("vah_raw", "bigint"), N("val_raw", "bigint"), N("level_count", "integer"),
        N("value_area_bp", "integer"), N("buy_imbalances", "integer"), N("sell_imbalances", "integer"),
        N("max_stacked_imbalances", "integer"), N("max_imbalance_price_raw", "bigint"), N("max_imbalance_ratio", "double precision"),
        C("source_seq", "bigint"),
    ], [], [("volume_analysis_symbol_time", "symbol, time DESC")], Comment: """
        -- Delta volume, cumulative delta, footprint and volume-profile summaries: exact sizes and prices.
        -- bar_ns: the bar's open time (delta volume, footprint) or the session start (cumulative delta, profile).
        """);

    public static SqlTable StrategySignals { get; } = new("strategy_signals",
    [
        C("time", "timestamptz"), C("time_ns", "bigint"), C("symbol", "text"), C("timeframe", "text"), C("strategy", "text"),
        C("type", "text"), N("action", "text"), C("side", "text"), C("price_precision", "smallint"), C("price_raw", "bigint"),
        N("stop_raw", "bigint"), N("target_raw", "bigint"), N("size_precision", "smallint"), N("size_raw", "bigint"),
        N("r_multiple", "double precision"), N("reason_code", "integer"), N("triggers", "integer[]"), C("source_seq", "bigint"),
    ], [], [("strategy_signals_symbol_time", "symbol, time DESC"), ("strategy_signals_strategy_time", "strategy, time DESC")], Comment: """
        -- Trade signals (type 'signal') and the risk of a planned trade (type 'risk'); strategy is the DAG node's id.
        -- price_raw: the signal price or the planned entry.
        """);

    public static SqlTable Positions { get; } = new("positions",
    [
        C("time", "timestamptz"), C("time_ns", "bigint"), C("symbol", "text"), C("timeframe", "text"), C("strategy", "text"),
        C("side", "text"), C("size_precision", "smallint"), C("quantity_raw", "bigint"), C("price_precision", "smallint"),
        N("mark_price_raw", "bigint"), C("average_price", "double precision"), C("realized_pnl", "double precision"),
        C("unrealized_pnl", "double precision"), C("source_seq", "bigint"),
    ], [], [("positions_symbol_time", "symbol, time DESC")], Comment: """
        -- Average price and PnL are doubles (an average of fills and money amounts are not exact at the
        -- instrument's precision anyway); quantity and mark price are exact.
        """);

    public static SqlTable SinkOffsets { get; } = new("sink_offsets",
    [
        C("source", "text"), C("symbol", "text"), C("seq", "bigint"), C("ordinal", "integer"),
        new("updated_at", "timestamptz", Default: "now()"),
    ], ["PRIMARY KEY (source, symbol)"], [], Comment: """
        -- The exactly-once watermark: the last (sequence, ordinal) of each source and symbol whose rows are
        -- committed, written in the same transaction as those rows.
        """);

    /// <summary>The candles' natural key: a re-sent bar with this key replaces the stored one.</summary>
    public const string CandleKey = "symbol, timeframe, time";

    /// <summary>Every table of migration 1, in creation order.</summary>
    public static IReadOnlyList<SqlTable> All { get; } = [Ticks, Candles, MarketStructure, Indicators, VolumeAnalysis, StrategySignals, Positions, SinkOffsets];

    /// <summary>The table records of <paramref name="table"/> are copied into.</summary>
    public static SqlTable Of(SinkTable table) => table switch
    {
        SinkTable.Ticks => Ticks,
        SinkTable.Candles => Candles,
        SinkTable.MarketStructure => MarketStructure,
        SinkTable.Indicators => Indicators,
        SinkTable.VolumeAnalysis => VolumeAnalysis,
        SinkTable.StrategySignals => StrategySignals,
        _ => Positions,
    };

    /// <summary>Migration 1: every table above, as one script.</summary>
    public static string TablesMigration() =>
        """
        -- 0001: the tables the sink writes, their indexes, and the sink's own bookkeeping.
        -- Prices and sizes are the engine's fixed-point integers (raw + precision): exact for every instrument
        -- (6E at 5 decimals, crypto sizes at 8) and ~2x faster to COPY than NUMERIC (docs/timescale.md).
        -- time is timestamptz (microseconds, what time_bucket/date_bin and retention work on); time_ns keeps the
        -- engine's nanosecond event time. source_seq is the journal/JetStream sequence of the input behind the row.
        """ + "\n\n" + string.Join("\n\n", All.Select(t => t.CreateStatement())) + "\n";
}
