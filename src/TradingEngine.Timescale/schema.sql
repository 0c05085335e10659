-- The whole schema on plain PostgreSQL, for reading and review; generated, do not edit: the concatenated migrations
-- (version 1 from the table descriptions in Schema/SinkSchema.cs, version 2 Migrations/0002_decimal_views.sql, the
-- generated version 3). A unit test keeps this file equal to them. Databases are migrated
-- by the sink at start or by `te sink migrate`, which also record the versions in schema_migrations; TimescaleDB's
-- branch: docs/timescale.md.

-- ==== migration 1: tables ====

-- 0001: the tables the sink writes, their indexes, and the sink's own bookkeeping.
-- Prices and sizes are the engine's fixed-point integers (raw + precision): exact for every instrument
-- (6E at 5 decimals, crypto sizes at 8) and ~2x faster to COPY than NUMERIC (docs/timescale.md).
-- time is timestamptz (microseconds, what time_bucket/date_bin and retention work on); time_ns keeps the
-- engine's nanosecond event time. source_seq is the journal/JetStream sequence of the input behind the row.

CREATE TABLE IF NOT EXISTS ticks (
    time            timestamptz NOT NULL,
    time_ns         bigint      NOT NULL,
    receive_ns      bigint      NOT NULL,
    symbol          text        NOT NULL,
    price_precision smallint    NOT NULL,
    size_precision  smallint    NOT NULL,
    price_raw       bigint      NOT NULL,
    size_raw        bigint      NOT NULL,
    bid_raw         bigint,
    ask_raw         bigint,
    side            smallint    NOT NULL,
    flags           smallint    NOT NULL,
    conditions      bigint      NOT NULL,
    venue           smallint    NOT NULL,
    source_seq      bigint      NOT NULL
);
-- No unique key: identical prints (same time, price, size) are real trades; the sink's watermark dedupes.
CREATE INDEX IF NOT EXISTS ticks_symbol_time ON ticks (symbol, time DESC);

CREATE TABLE IF NOT EXISTS candles (
    time            timestamptz NOT NULL,
    time_ns         bigint      NOT NULL,
    close_ns        bigint      NOT NULL,
    symbol          text        NOT NULL,
    timeframe       text        NOT NULL,
    price_precision smallint    NOT NULL,
    size_precision  smallint    NOT NULL,
    open_raw        bigint      NOT NULL,
    high_raw        bigint      NOT NULL,
    low_raw         bigint      NOT NULL,
    close_raw       bigint      NOT NULL,
    volume_raw      bigint      NOT NULL,
    tick_count      integer     NOT NULL,
    flags           smallint    NOT NULL,
    receive_ns      bigint      NOT NULL,
    source_seq      bigint      NOT NULL,
    CONSTRAINT candles_symbol_timeframe_time UNIQUE (symbol, timeframe, time)
);
CREATE INDEX IF NOT EXISTS candles_symbol_time ON candles (symbol, time DESC);

-- Swing points, fair value gaps, order blocks, liquidity levels, breaks of structure.
-- price_raw: swing/liquidity price, BOS level, FVG/OB top; price2_raw: BOS break price, FVG/OB bottom.
-- state: zone state (FVG, OB, liquidity) or break kind (BOS); ref_ns: pivot/formed/origin/swing time;
-- count: swing strength or liquidity touches.
CREATE TABLE IF NOT EXISTS market_structure (
    time            timestamptz NOT NULL,
    time_ns         bigint      NOT NULL,
    symbol          text        NOT NULL,
    timeframe       text        NOT NULL,
    node            text        NOT NULL,
    type            text        NOT NULL,
    direction       text        NOT NULL,
    state           text,
    price_precision smallint    NOT NULL,
    price_raw       bigint      NOT NULL,
    price2_raw      bigint,
    ref_ns          bigint      NOT NULL,
    count           integer,
    size_precision  smallint,
    volume_raw      bigint,
    source_seq      bigint      NOT NULL
);
CREATE INDEX IF NOT EXISTS market_structure_symbol_time ON market_structure (symbol, time DESC);

-- Moving averages, VWAP (with its bands), RSI, ATR: doubles, as the indicator cores compute them.
CREATE TABLE IF NOT EXISTS indicators (
    time             timestamptz      NOT NULL,
    time_ns          bigint           NOT NULL,
    symbol           text             NOT NULL,
    timeframe        text             NOT NULL,
    node             text             NOT NULL,
    indicator        text             NOT NULL,
    period           smallint,
    value            double precision NOT NULL,
    upper1           double precision,
    lower1           double precision,
    upper2           double precision,
    lower2           double precision,
    session_start_ns bigint,
    source_seq       bigint           NOT NULL
);
CREATE INDEX IF NOT EXISTS indicators_symbol_time ON indicators (symbol, time DESC);
CREATE INDEX IF NOT EXISTS indicators_symbol_node_time ON indicators (symbol, node, time DESC);

-- Delta volume, cumulative delta, footprint and volume-profile summaries: exact sizes and prices.
-- bar_ns: the bar's open time (delta volume, footprint) or the session start (cumulative delta, profile).
CREATE TABLE IF NOT EXISTS volume_analysis (
    time                    timestamptz      NOT NULL,
    time_ns                 bigint           NOT NULL,
    symbol                  text             NOT NULL,
    timeframe               text             NOT NULL,
    node                    text             NOT NULL,
    type                    text             NOT NULL,
    bar_ns                  bigint           NOT NULL,
    price_precision         smallint,
    size_precision          smallint         NOT NULL,
    buy_raw                 bigint,
    sell_raw                bigint,
    delta_raw               bigint,
    total_volume_raw        bigint,
    poc_raw                 bigint,
    vah_raw                 bigint,
    val_raw                 bigint,
    level_count             integer,
    value_area_bp           integer,
    buy_imbalances          integer,
    sell_imbalances         integer,
    max_stacked_imbalances  integer,
    max_imbalance_price_raw bigint,
    max_imbalance_ratio     double precision,
    source_seq              bigint           NOT NULL
);
CREATE INDEX IF NOT EXISTS volume_analysis_symbol_time ON volume_analysis (symbol, time DESC);

-- Trade signals (type 'signal') and the risk of a planned trade (type 'risk'); strategy is the DAG node's id.
-- price_raw: the signal price or the planned entry.
CREATE TABLE IF NOT EXISTS strategy_signals (
    time            timestamptz      NOT NULL,
    time_ns         bigint           NOT NULL,
    symbol          text             NOT NULL,
    timeframe       text             NOT NULL,
    strategy        text             NOT NULL,
    type            text             NOT NULL,
    action          text,
    side            text             NOT NULL,
    price_precision smallint         NOT NULL,
    price_raw       bigint           NOT NULL,
    stop_raw        bigint,
    target_raw      bigint,
    size_precision  smallint,
    size_raw        bigint,
    r_multiple      double precision,
    reason_code     integer,
    triggers        integer[],
    source_seq      bigint           NOT NULL
);
CREATE INDEX IF NOT EXISTS strategy_signals_symbol_time ON strategy_signals (symbol, time DESC);
CREATE INDEX IF NOT EXISTS strategy_signals_strategy_time ON strategy_signals (strategy, time DESC);

-- Average price and PnL are doubles (an average of fills and money amounts are not exact at the
-- instrument's precision anyway); quantity and mark price are exact.
CREATE TABLE IF NOT EXISTS positions (
    time            timestamptz      NOT NULL,
    time_ns         bigint           NOT NULL,
    symbol          text             NOT NULL,
    timeframe       text             NOT NULL,
    strategy        text             NOT NULL,
    side            text             NOT NULL,
    size_precision  smallint         NOT NULL,
    quantity_raw    bigint           NOT NULL,
    price_precision smallint         NOT NULL,
    mark_price_raw  bigint,
    average_price   double precision NOT NULL,
    realized_pnl    double precision NOT NULL,
    unrealized_pnl  double precision NOT NULL,
    source_seq      bigint           NOT NULL
);
CREATE INDEX IF NOT EXISTS positions_symbol_time ON positions (symbol, time DESC);

-- The exactly-once watermark: the last (sequence, ordinal) of each source and symbol whose rows are
-- committed, written in the same transaction as those rows.
CREATE TABLE IF NOT EXISTS sink_offsets (
    source     text        NOT NULL,
    symbol     text        NOT NULL,
    seq        bigint      NOT NULL,
    ordinal    integer     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, symbol)
);

-- ==== migration 2: decimal_views ====

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

-- ==== migration 3: plain_postgresql ====

CREATE OR REPLACE VIEW candles_1h AS
SELECT symbol,
       date_bin(INTERVAL '1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
       price_precision, size_precision,
       (array_agg(open_raw ORDER BY time))[1]       AS open_raw,
       max(high_raw)                                AS high_raw,
       min(low_raw)                                 AS low_raw,
       (array_agg(close_raw ORDER BY time DESC))[1] AS close_raw,
       sum(volume_raw)::bigint                      AS volume_raw,
       sum(tick_count)::bigint                      AS tick_count
FROM candles
WHERE timeframe = '1m'
GROUP BY symbol, bucket, price_precision, size_precision;
