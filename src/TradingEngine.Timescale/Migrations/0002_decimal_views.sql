-- 0002: decimal views over the fixed-point columns, for people and tools that want numbers, not raw integers.
-- te_fixed is exact: numeric division by a power of ten, rounded to the precision it came from.

CREATE OR REPLACE FUNCTION te_fixed(raw bigint, prec smallint) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT round(raw::numeric / (10::numeric ^ prec), prec)';

CREATE OR REPLACE VIEW ticks_v AS
SELECT time, time_ns, symbol,
       te_fixed(price_raw, price_precision) AS price,
       te_fixed(size_raw, size_precision)   AS size,
       te_fixed(bid_raw, price_precision)   AS bid,
       te_fixed(ask_raw, price_precision)   AS ask,
       side, flags, conditions, venue, source_seq
FROM ticks;

CREATE OR REPLACE VIEW candles_v AS
SELECT time, time_ns, close_ns, symbol, timeframe,
       te_fixed(open_raw, price_precision)  AS open,
       te_fixed(high_raw, price_precision)  AS high,
       te_fixed(low_raw, price_precision)   AS low,
       te_fixed(close_raw, price_precision) AS close,
       te_fixed(volume_raw, size_precision) AS volume,
       tick_count, flags, source_seq
FROM candles;

CREATE OR REPLACE VIEW market_structure_v AS
SELECT time, time_ns, symbol, timeframe, node, type, direction, state,
       te_fixed(price_raw, price_precision)  AS price,
       te_fixed(price2_raw, price_precision) AS price2,
       ref_ns, count,
       te_fixed(volume_raw, size_precision)  AS volume,
       source_seq
FROM market_structure;

CREATE OR REPLACE VIEW volume_analysis_v AS
SELECT time, time_ns, symbol, timeframe, node, type, bar_ns,
       te_fixed(buy_raw, size_precision)          AS buy_volume,
       te_fixed(sell_raw, size_precision)         AS sell_volume,
       te_fixed(delta_raw, size_precision)        AS delta,
       te_fixed(total_volume_raw, size_precision) AS total_volume,
       te_fixed(poc_raw, price_precision)         AS poc,
       te_fixed(vah_raw, price_precision)         AS vah,
       te_fixed(val_raw, price_precision)         AS val,
       level_count, value_area_bp, buy_imbalances, sell_imbalances, max_stacked_imbalances,
       te_fixed(max_imbalance_price_raw, price_precision) AS max_imbalance_price,
       max_imbalance_ratio, source_seq
FROM volume_analysis;

CREATE OR REPLACE VIEW strategy_signals_v AS
SELECT time, time_ns, symbol, timeframe, strategy, type, action, side,
       te_fixed(price_raw, price_precision)  AS price,
       te_fixed(stop_raw, price_precision)   AS stop,
       te_fixed(target_raw, price_precision) AS target,
       te_fixed(size_raw, size_precision)    AS size,
       r_multiple, reason_code, triggers, source_seq
FROM strategy_signals;

CREATE OR REPLACE VIEW positions_v AS
SELECT time, time_ns, symbol, timeframe, strategy, side,
       te_fixed(quantity_raw, size_precision)    AS quantity,
       te_fixed(mark_price_raw, price_precision) AS mark_price,
       average_price, realized_pnl, unrealized_pnl, source_seq
FROM positions;
