using System.Diagnostics;
using Npgsql;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

// The table mix: ticks plus, every 50th tick, the outputs an engine with a full pipeline would emit for it.
public sealed partial class SinkSuite
{
    private sealed record MixResult(List<double> Raw, List<double> Sink, double RawMedian, double SinkMedian, double RatioMedian,
        SortedDictionary<string, long> RowsPerTable);

    private static MixResult Mix(string connectionString, TimescaleOptions options, SymbolRegistry symbols, Tick[] ticks, int pairs)
    {
        var records = MixRecords(ticks);
        var perTable = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            var name = SinkTables.Name(r.Table);
            perTable[name] = perTable.GetValueOrDefault(name) + 1;
        }
        var candles = records.Count(r => r.Table == SinkTable.Candles);
        RawMix(connectionString, symbols, records.AsSpan(0, Math.Min(records.Length, 50_000)));
        SinkMix(options, symbols, records.AsSpan(0, Math.Min(records.Length, 50_000)));
        var raw = new List<double>();
        var sink = new List<double>();
        var ratios = new List<double>();
        for (var p = 0; p < pairs; p++)
        {
            var a = RawMix(connectionString, symbols, records);
            var b = SinkMix(options, symbols, records);
            raw.Add(a);
            sink.Add(b);
            ratios.Add(b / a);
            Console.WriteLine($"  mix pair {p + 1}: raw COPY {Rate(a)} rows/s, sink {Rate(b)} rows/s, ratio {b / a:F2} ({records.Length:N0} rows, {candles:N0} candles)");
        }
        return new MixResult(raw, sink, Stats.Median(raw), Stats.Median(sink), Stats.Median(ratios), perTable);
    }

    private static SinkRecord[] MixRecords(Tick[] ticks)
    {
        var list = new List<SinkRecord>(ticks.Length + ticks.Length / 3);
        var lastBar = long.MinValue;
        for (var i = 0; i < ticks.Length; i++)
        {
            var t = ticks[i];
            var seq = i + 1L;
            list.Add(new SinkRecord { Sequence = seq, Table = SinkTable.Ticks, Feed = 0, Tick = t });
            if (i % 50 != 0)
                continue;
            var ordinal = 0;
            void Add<T>(T payload, int node) where T : struct, ICatalogMessage<T>
            {
                SinkTables.TryRoute(T.Type, out var table);
                list.Add(new SinkRecord { Sequence = seq, Ordinal = ordinal++, Table = table, Feed = 1, Output = OutputMessage.From(payload, node, seq) });
            }
            var tf = Timeframe.OneMinute;
            var (s, e, p) = (t.Symbol, t.EventTime, t.PriceRaw);
            var bar = e - e % tf.Nanos;
            if (bar != lastBar)
            {
                lastBar = bar;
                Add(new Candle { Symbol = s, Timeframe = tf, PricePrecision = 2, OpenTime = bar, CloseTime = bar + tf.Nanos, OpenRaw = p, HighRaw = p + 30, LowRaw = p - 20, CloseRaw = p + 10, VolumeRaw = 40, TickCount = 12, Flags = CandleFlags.Closed }, -1);
            }
            Add(new MovingAverage { Symbol = s, Timeframe = tf, EventTime = e, Kind = MovingAverageKind.Ema, Period = 9, Value = p / 100.0 }, 1);
            Add(new MovingAverage { Symbol = s, Timeframe = tf, EventTime = e, Kind = MovingAverageKind.Sma, Period = 21, Value = p / 100.0 }, 2);
            Add(new Rsi { Symbol = s, Timeframe = tf, EventTime = e, Period = 14, Value = 51.5 }, 3);
            Add(new Atr { Symbol = s, Timeframe = tf, EventTime = e, Period = 14, Value = 1.25 }, 4);
            Add(new Vwap { Symbol = s, Timeframe = tf, EventTime = e, SessionStart = bar, Value = 1.0, Upper1 = 2, Lower1 = 0, Upper2 = 3, Lower2 = -1 }, 5);
            Add(new SwingPoint { Symbol = s, Timeframe = tf, EventTime = e, PricePrecision = 2, Side = SwingSide.Low, Strength = 2, PriceRaw = p, PivotTime = e - 1 }, 6);
            Add(new FairValueGap { Symbol = s, Timeframe = tf, EventTime = e, PricePrecision = 2, Direction = StructureDirection.Bullish, State = ZoneState.Active, TopRaw = p + 5, BottomRaw = p - 5, FormedTime = e - 1 }, 7);
            Add(new OrderBlock { Symbol = s, Timeframe = tf, EventTime = e, PricePrecision = 2, Direction = StructureDirection.Bearish, State = ZoneState.Active, TopRaw = p + 5, BottomRaw = p - 5, OriginTime = e - 1, VolumeRaw = 9 }, 8);
            Add(new LiquidityLevel { Symbol = s, Timeframe = tf, EventTime = e, PricePrecision = 2, Side = LiquiditySide.SellSide, State = ZoneState.Active, Touches = 2, PriceRaw = p, FormedTime = e - 1 }, 9);
            Add(new BreakOfStructure { Symbol = s, Timeframe = tf, EventTime = e, PricePrecision = 2, Direction = StructureDirection.Bullish, Kind = BreakKind.BreakOfStructure, LevelRaw = p, BreakPriceRaw = p + 1, SwingTime = e - 1 }, 10);
            Add(new DeltaVolume { Symbol = s, Timeframe = tf, EventTime = e, BuyVolumeRaw = 5, SellVolumeRaw = 3, BarTime = bar }, 11);
            Add(new CumulativeDelta { Symbol = s, Timeframe = tf, EventTime = e, ValueRaw = 12, SessionStart = bar }, 12);
            Add(new Footprint { Symbol = s, Timeframe = tf, EventTime = e, PricePrecision = 2, LevelCount = 4, BarTime = bar, PocRaw = p, DeltaRaw = 2, TotalVolumeRaw = 8, MaxImbalanceRatio = 3 }, 13);
            Add(new VolumeProfile { Symbol = s, Timeframe = tf, EventTime = e, PricePrecision = 2, ValueAreaBasisPoints = 7000, LevelCount = 9, PocRaw = p, VahRaw = p + 9, ValRaw = p - 9, TotalVolumeRaw = 90, SessionStart = bar }, 14);
            Add(new TradeSignal { Symbol = s, Timeframe = tf, EventTime = e, Action = SignalAction.Entry, Side = PositionSide.Long, PricePrecision = 2, PriceRaw = p, Triggers = NodeIdList.Of(1, 6) }, 15);
            Add(new PositionUpdate { Symbol = s, Timeframe = tf, EventTime = e, Side = PositionSide.Long, PricePrecision = 2, QuantityRaw = 1, MarkPriceRaw = p, AveragePrice = p / 100.0 }, 16);
        }
        return [.. list];
    }

    private static double SinkMix(TimescaleOptions options, SymbolRegistry symbols, ReadOnlySpan<SinkRecord> records)
    {
        Truncate(options.ConnectionString);
        var sink = new TimescaleSink(options, symbols);
        try
        {
            var tickFeed = sink.OpenFeed("perf.ticks");
            var outputFeed = sink.OpenFeed("perf.outputs");
            sink.Start();
            sink.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            var clock = Stopwatch.StartNew();
            foreach (ref readonly var r in records)
            {
                if (r.Table == SinkTable.Ticks)
                    tickFeed.Add(r.Tick, r.Sequence);
                else
                    outputFeed.Add(r.Output);
            }
            tickFeed.Publish(force: true);
            outputFeed.Publish(force: true);
            sink.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            var rate = records.Length / clock.Elapsed.TotalSeconds;
            if (sink.Statistics.RowsWritten != records.Length)
                throw new InvalidOperationException($"sink wrote {sink.Statistics.RowsWritten} of {records.Length} rows");
            return rate;
        }
        finally
        {
            sink.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>One transaction: per table one binary COPY of its rows (candles through the same stage + merge the table needs).</summary>
    private static double RawMix(string connectionString, SymbolRegistry symbols, ReadOnlySpan<SinkRecord> records)
    {
        Truncate(connectionString);
        var writer = new SinkRowWriter(symbols, []);
        using var connection = Open(connectionString);
        using (var stage = new NpgsqlCommand(SinkRowWriter.CreateCandleStage, connection))
            stage.ExecuteNonQuery();
        var copy = records.ToArray();
        var clock = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        {
            for (var t = 0; t < SinkTables.Count; t++)
            {
                var table = (SinkTable)t;
                using (var importer = connection.BeginBinaryImport(SinkRowWriter.CopyCommand(table)))
                {
                    long ordinal = 0;
                    for (var i = 0; i < copy.Length; i++)
                    {
                        if (copy[i].Table == table)
                            writer.Write(importer, ref copy[i], ordinal++);
                    }
                    importer.Complete();
                }
                if (table == SinkTable.Candles)
                {
                    using var merge = new NpgsqlCommand(SinkRowWriter.MergeCandleStage, connection);
                    merge.ExecuteNonQuery();
                }
            }
            transaction.Commit();
        }
        return records.Length / clock.Elapsed.TotalSeconds;
    }

    private static void Truncate(string connectionString) =>
        Execute(connectionString, "TRUNCATE ticks, candles, market_structure, indicators, volume_analysis, strategy_signals, positions, sink_offsets");
}
