using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using TradingEngine.Timescale.Schema;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// Writes records as binary COPY rows with typed <c>Write&lt;T&gt;(value, NpgsqlDbType)</c> calls (Npgsql caches one
/// typed converter per column; <c>WriteRow(object[])</c> would box every value). Strings written are interned names
/// (symbols, timeframes, node ids, enum labels), so a steady-state row allocates nothing but signal trigger arrays.
/// The column order is <see cref="SinkSchema"/>'s; the integration tests read every column back.
/// </summary>
internal sealed class SinkRowWriter
{
    private readonly SymbolRegistry _symbols;
    private readonly Func<SymbolId, int, string?> _nodeName;
    private readonly Dictionary<int, string> _timeframes = [];
    private string?[]?[] _nodes = [];
    private readonly int[][] _triggers = [[], new int[1], new int[2], new int[3], new int[4]];

    public SinkRowWriter(SymbolRegistry symbols, IReadOnlyList<string> nodeNames)
        : this(symbols, (_, node) => (uint)node < (uint)nodeNames.Count ? nodeNames[node] : null)
    {
    }

    /// <param name="symbols">the symbol names.</param>
    /// <param name="nodeName">the pipeline id of node <c>n</c> of a symbol's pipeline (symbols may run different pipelines).</param>
    public SinkRowWriter(SymbolRegistry symbols, Func<SymbolId, int, string?> nodeName)
    {
        _symbols = symbols;
        _nodeName = nodeName;
    }

    /// <summary>The COPY column list of <paramref name="table"/>, in the order the writers below write values.</summary>
    public static string Columns(SinkTable table) => SinkSchema.Of(table).ColumnList;

    private static readonly string[] s_copyCommands = Enumerable.Range(0, SinkTables.Count).Select(t => BuildCopyCommand((SinkTable)t)).ToArray();

    /// <summary>Candles go through a staging table (then an upsert), so a re-sent bar replaces the stored one.</summary>
    public static string CopyCommand(SinkTable table) => s_copyCommands[(int)table];

    private static string BuildCopyCommand(SinkTable table) => table == SinkTable.Candles
        ? $"COPY candles_stage ({Columns(table)}, stage_ord) FROM STDIN (FORMAT BINARY)"
        : $"COPY {SinkTables.Name(table)} ({Columns(table)}) FROM STDIN (FORMAT BINARY)";

    public static string CreateCandleStage { get; } =
        $"CREATE TEMP TABLE IF NOT EXISTS candles_stage (LIKE {SinkSchema.Candles.Name}, stage_ord bigint NOT NULL) ON COMMIT DELETE ROWS";

    /// <summary>
    /// Keeps the last staged row of each key and inserts it, or replaces every column of the stored bar but the key
    /// and <c>time_ns</c> (which the key's <c>time</c> fixes).
    /// </summary>
    public static string MergeCandleStage { get; } = BuildMergeCandleStage();

    private static string BuildMergeCandleStage()
    {
        var columns = SinkSchema.Candles.ColumnList;
        var keep = SinkSchema.CandleKey.Split(", ").Append("time_ns").ToHashSet();
        var updates = string.Join(", ", SinkSchema.Candles.Columns.Where(c => !keep.Contains(c.Name)).Select(c => $"{c.Name} = EXCLUDED.{c.Name}"));
        return $"""
            INSERT INTO candles ({columns})
            SELECT DISTINCT ON ({SinkSchema.CandleKey}) {columns}
            FROM candles_stage
            ORDER BY {SinkSchema.CandleKey}, stage_ord DESC
            ON CONFLICT ({SinkSchema.CandleKey}) DO UPDATE SET {updates}
            """;
    }

    /// <summary>
    /// The <c>type</c> column of an output row: the message type's wire name (<see cref="WireName"/>), except trade
    /// signals and risk metrics, stored as 'signal' and 'risk' since the first schema (queries filter on them).
    /// </summary>
    public static string TypeLabel(MessageType kind) => kind switch
    {
        MessageType.TradeSignal => "signal",
        MessageType.RiskMetric => "risk",
        _ => WireName.Of(kind),
    };

    public void Write(NpgsqlBinaryImporter w, ref SinkRecord r, long stageOrdinal)
    {
        w.StartRow();
        switch (r.Table)
        {
            case SinkTable.Ticks: WriteTick(w, ref r.Tick, r.Sequence); break;
            case SinkTable.Candles: WriteCandle(w, ref r.Output.Candle, r.Sequence, stageOrdinal); break;
            case SinkTable.MarketStructure: WriteMarketStructure(w, ref r.Output, r.Sequence); break;
            case SinkTable.Indicators: WriteIndicator(w, ref r.Output, r.Sequence); break;
            case SinkTable.VolumeAnalysis: WriteVolumeAnalysis(w, ref r.Output, r.Sequence); break;
            case SinkTable.StrategySignals: WriteSignal(w, ref r.Output, r.Sequence); break;
            default: WritePosition(w, ref r.Output, r.Sequence); break;
        }
    }

    private void WriteTick(NpgsqlBinaryImporter w, ref Tick t, long sequence)
    {
        Time(w, t.EventTime);
        w.Write(t.ReceiveTime, NpgsqlDbType.Bigint);
        w.Write(_symbols.NameOf(t.Symbol), NpgsqlDbType.Text);
        w.Write((short)t.PricePrecision, NpgsqlDbType.Smallint);
        w.Write((short)t.SizePrecision, NpgsqlDbType.Smallint);
        w.Write(t.PriceRaw, NpgsqlDbType.Bigint);
        w.Write(t.SizeRaw, NpgsqlDbType.Bigint);
        NullableLong(w, t.HasBid, t.BidRaw);
        NullableLong(w, t.HasAsk, t.AskRaw);
        w.Write((short)t.Side, NpgsqlDbType.Smallint);
        w.Write((short)t.Flags, NpgsqlDbType.Smallint);
        w.Write((long)t.Conditions, NpgsqlDbType.Bigint);
        w.Write((short)t.Venue, NpgsqlDbType.Smallint);
        w.Write(sequence, NpgsqlDbType.Bigint);
    }

    private void WriteCandle(NpgsqlBinaryImporter w, ref Candle c, long sequence, long stageOrdinal)
    {
        Time(w, c.OpenTime);
        w.Write(c.CloseTime, NpgsqlDbType.Bigint);
        w.Write(_symbols.NameOf(c.Symbol), NpgsqlDbType.Text);
        w.Write(TimeframeName(c.Timeframe), NpgsqlDbType.Text);
        w.Write((short)c.PricePrecision, NpgsqlDbType.Smallint);
        w.Write((short)c.SizePrecision, NpgsqlDbType.Smallint);
        w.Write(c.OpenRaw, NpgsqlDbType.Bigint);
        w.Write(c.HighRaw, NpgsqlDbType.Bigint);
        w.Write(c.LowRaw, NpgsqlDbType.Bigint);
        w.Write(c.CloseRaw, NpgsqlDbType.Bigint);
        w.Write(c.VolumeRaw, NpgsqlDbType.Bigint);
        w.Write(c.TickCount, NpgsqlDbType.Integer);
        w.Write((short)c.Flags, NpgsqlDbType.Smallint);
        w.Write(c.ReceiveTime, NpgsqlDbType.Bigint);
        w.Write(sequence, NpgsqlDbType.Bigint);
        w.Write(stageOrdinal, NpgsqlDbType.Bigint);
    }

    private void WriteMarketStructure(NpgsqlBinaryImporter w, ref OutputMessage m, long sequence)
    {
        Head(w, ref m);
        switch (m.Kind)
        {
            case MessageType.SwingPoint:
            {
                ref var s = ref m.SwingPoint;
                Row(w, TypeLabel(m.Kind), WireName.Of(s.Side), null, s.PricePrecision, s.PriceRaw, null, s.PivotTime, s.Strength, null, null);
                break;
            }
            case MessageType.FairValueGap:
            {
                ref var f = ref m.FairValueGap;
                Row(w, TypeLabel(m.Kind), WireName.Of(f.Direction), WireName.Of(f.State), f.PricePrecision, f.TopRaw, f.BottomRaw, f.FormedTime, null, null, null);
                break;
            }
            case MessageType.OrderBlock:
            {
                ref var o = ref m.OrderBlock;
                Row(w, TypeLabel(m.Kind), WireName.Of(o.Direction), WireName.Of(o.State), o.PricePrecision, o.TopRaw, o.BottomRaw, o.OriginTime, null, o.SizePrecision, o.VolumeRaw);
                break;
            }
            case MessageType.LiquidityLevel:
            {
                ref var l = ref m.LiquidityLevel;
                Row(w, TypeLabel(m.Kind), WireName.Of(l.Side), WireName.Of(l.State), l.PricePrecision, l.PriceRaw, null, l.FormedTime, l.Touches, null, null);
                break;
            }
            default:
            {
                ref var b = ref m.BreakOfStructure;
                Row(w, TypeLabel(m.Kind), WireName.Of(b.Direction), WireName.Of(b.Kind), b.PricePrecision, b.LevelRaw, b.BreakPriceRaw, b.SwingTime, null, null, null);
                break;
            }
        }
        w.Write(sequence, NpgsqlDbType.Bigint);

        static void Row(NpgsqlBinaryImporter w, string type, string direction, string? state, byte pricePrecision, long price, long? price2,
            long refNs, int? count, byte? sizePrecision, long? volume)
        {
            w.Write(type, NpgsqlDbType.Text);
            w.Write(direction, NpgsqlDbType.Text);
            NullableText(w, state);
            w.Write((short)pricePrecision, NpgsqlDbType.Smallint);
            w.Write(price, NpgsqlDbType.Bigint);
            NullableLong(w, price2.HasValue, price2.GetValueOrDefault());
            w.Write(refNs, NpgsqlDbType.Bigint);
            NullableInt(w, count.HasValue, count.GetValueOrDefault());
            NullableShort(w, sizePrecision.HasValue, sizePrecision.GetValueOrDefault());
            NullableLong(w, volume.HasValue, volume.GetValueOrDefault());
        }
    }

    private void WriteIndicator(NpgsqlBinaryImporter w, ref OutputMessage m, long sequence)
    {
        Head(w, ref m);
        switch (m.Kind)
        {
            case MessageType.MovingAverage:
                w.Write(WireName.Of(m.MovingAverage.Kind), NpgsqlDbType.Text);
                w.Write((short)m.MovingAverage.Period, NpgsqlDbType.Smallint);
                w.Write(m.MovingAverage.Value, NpgsqlDbType.Double);
                Nulls(w, 5);
                break;
            case MessageType.Rsi:
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.Write((short)m.Rsi.Period, NpgsqlDbType.Smallint);
                w.Write(m.Rsi.Value, NpgsqlDbType.Double);
                Nulls(w, 5);
                break;
            case MessageType.Atr:
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.Write((short)m.Atr.Period, NpgsqlDbType.Smallint);
                w.Write(m.Atr.Value, NpgsqlDbType.Double);
                Nulls(w, 5);
                break;
            case MessageType.NodeValue:
                // the node column names the node; the output port's index goes in period (no string per row)
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.Write((short)m.NodeValue.Port, NpgsqlDbType.Smallint);
                w.Write(m.NodeValue.Value, NpgsqlDbType.Double);
                Nulls(w, 5);
                break;
            default:
                ref var v = ref m.Vwap;
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.WriteNull();
                w.Write(v.Value, NpgsqlDbType.Double);
                w.Write(v.Upper1, NpgsqlDbType.Double);
                w.Write(v.Lower1, NpgsqlDbType.Double);
                w.Write(v.Upper2, NpgsqlDbType.Double);
                w.Write(v.Lower2, NpgsqlDbType.Double);
                w.Write(v.SessionStart, NpgsqlDbType.Bigint);
                break;
        }
        w.Write(sequence, NpgsqlDbType.Bigint);
    }

    private void WriteVolumeAnalysis(NpgsqlBinaryImporter w, ref OutputMessage m, long sequence)
    {
        Head(w, ref m);
        switch (m.Kind)
        {
            case MessageType.DeltaVolume:
            {
                ref var d = ref m.DeltaVolume;
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.Write(d.BarTime, NpgsqlDbType.Bigint);
                w.WriteNull();
                w.Write((short)d.SizePrecision, NpgsqlDbType.Smallint);
                w.Write(d.BuyVolumeRaw, NpgsqlDbType.Bigint);
                w.Write(d.SellVolumeRaw, NpgsqlDbType.Bigint);
                w.Write(d.DeltaRaw, NpgsqlDbType.Bigint);
                w.Write(d.BuyVolumeRaw + d.SellVolumeRaw, NpgsqlDbType.Bigint);
                Nulls(w, 10);
                break;
            }
            case MessageType.CumulativeDelta:
            {
                ref var c = ref m.CumulativeDelta;
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.Write(c.SessionStart, NpgsqlDbType.Bigint);
                w.WriteNull();
                w.Write((short)c.SizePrecision, NpgsqlDbType.Smallint);
                Nulls(w, 2);
                w.Write(c.ValueRaw, NpgsqlDbType.Bigint);
                Nulls(w, 11);
                break;
            }
            case MessageType.Footprint:
            {
                ref var f = ref m.Footprint;
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.Write(f.BarTime, NpgsqlDbType.Bigint);
                w.Write((short)f.PricePrecision, NpgsqlDbType.Smallint);
                w.Write((short)f.SizePrecision, NpgsqlDbType.Smallint);
                Nulls(w, 2);
                w.Write(f.DeltaRaw, NpgsqlDbType.Bigint);
                w.Write(f.TotalVolumeRaw, NpgsqlDbType.Bigint);
                w.Write(f.PocRaw, NpgsqlDbType.Bigint);
                Nulls(w, 2);
                w.Write(f.LevelCount, NpgsqlDbType.Integer);
                w.WriteNull();
                w.Write((int)f.BuyImbalances, NpgsqlDbType.Integer);
                w.Write((int)f.SellImbalances, NpgsqlDbType.Integer);
                w.Write((int)f.MaxStackedImbalances, NpgsqlDbType.Integer);
                NullableLong(w, f.MaxImbalancePriceRaw != 0, f.MaxImbalancePriceRaw);
                w.Write(f.MaxImbalanceRatio, NpgsqlDbType.Double);
                break;
            }
            default:
            {
                ref var p = ref m.VolumeProfile;
                w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
                w.Write(p.SessionStart, NpgsqlDbType.Bigint);
                w.Write((short)p.PricePrecision, NpgsqlDbType.Smallint);
                w.Write((short)p.SizePrecision, NpgsqlDbType.Smallint);
                Nulls(w, 3);
                w.Write(p.TotalVolumeRaw, NpgsqlDbType.Bigint);
                w.Write(p.PocRaw, NpgsqlDbType.Bigint);
                w.Write(p.VahRaw, NpgsqlDbType.Bigint);
                w.Write(p.ValRaw, NpgsqlDbType.Bigint);
                w.Write(p.LevelCount, NpgsqlDbType.Integer);
                w.Write((int)p.ValueAreaBasisPoints, NpgsqlDbType.Integer);
                Nulls(w, 5);
                break;
            }
        }
        w.Write(sequence, NpgsqlDbType.Bigint);
    }

    private void WriteSignal(NpgsqlBinaryImporter w, ref OutputMessage m, long sequence)
    {
        Time(w, m.EventTime);
        w.Write(_symbols.NameOf(m.Symbol), NpgsqlDbType.Text);
        w.Write(TimeframeName(m.Timeframe), NpgsqlDbType.Text);
        w.Write(NodeName(m.Symbol, m.NodeId), NpgsqlDbType.Text);
        if (m.Kind == MessageType.TradeSignal)
        {
            ref var s = ref m.TradeSignal;
            w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
            w.Write(WireName.Of(s.Action), NpgsqlDbType.Text);
            w.Write(WireName.Of(s.Side), NpgsqlDbType.Text);
            w.Write((short)s.PricePrecision, NpgsqlDbType.Smallint);
            w.Write(s.PriceRaw, NpgsqlDbType.Bigint);
            Nulls(w, 5);
            w.Write((int)s.ReasonCode, NpgsqlDbType.Integer);
            var triggers = _triggers[Math.Min((int)s.Triggers.Count, NodeIdList.Capacity)];
            for (var i = 0; i < triggers.Length; i++)
                triggers[i] = s.Triggers[i];
            w.Write(triggers, NpgsqlDbType.Array | NpgsqlDbType.Integer);
        }
        else
        {
            ref var r = ref m.RiskMetric;
            w.Write(TypeLabel(m.Kind), NpgsqlDbType.Text);
            w.WriteNull();
            w.Write(WireName.Of(r.Side), NpgsqlDbType.Text);
            w.Write((short)r.PricePrecision, NpgsqlDbType.Smallint);
            w.Write(r.EntryRaw, NpgsqlDbType.Bigint);
            w.Write(r.StopRaw, NpgsqlDbType.Bigint);
            w.Write(r.TargetRaw, NpgsqlDbType.Bigint);
            w.Write((short)r.SizePrecision, NpgsqlDbType.Smallint);
            w.Write(r.PositionSizeRaw, NpgsqlDbType.Bigint);
            w.Write(r.RMultiple, NpgsqlDbType.Double);
            Nulls(w, 2);
        }
        w.Write(sequence, NpgsqlDbType.Bigint);
    }

    private void WritePosition(NpgsqlBinaryImporter w, ref OutputMessage m, long sequence)
    {
        ref var p = ref m.PositionUpdate;
        Time(w, p.EventTime);
        w.Write(_symbols.NameOf(p.Symbol), NpgsqlDbType.Text);
        w.Write(TimeframeName(p.Timeframe), NpgsqlDbType.Text);
        w.Write(NodeName(m.Symbol, m.NodeId), NpgsqlDbType.Text);
        w.Write(WireName.Of(p.Side), NpgsqlDbType.Text);
        w.Write((short)p.SizePrecision, NpgsqlDbType.Smallint);
        w.Write(p.QuantityRaw, NpgsqlDbType.Bigint);
        w.Write((short)p.PricePrecision, NpgsqlDbType.Smallint);
        NullableLong(w, p.MarkPriceRaw != 0, p.MarkPriceRaw);
        w.Write(p.AveragePrice, NpgsqlDbType.Double);
        w.Write(p.RealizedPnl, NpgsqlDbType.Double);
        w.Write(p.UnrealizedPnl, NpgsqlDbType.Double);
        w.Write(sequence, NpgsqlDbType.Bigint);
    }

    /// <summary>time, time_ns, symbol, timeframe, node: the first columns of every output table but candles.</summary>
    private void Head(NpgsqlBinaryImporter w, ref OutputMessage m)
    {
        Time(w, m.EventTime);
        w.Write(_symbols.NameOf(m.Symbol), NpgsqlDbType.Text);
        w.Write(TimeframeName(m.Timeframe), NpgsqlDbType.Text);
        w.Write(NodeName(m.Symbol, m.NodeId), NpgsqlDbType.Text);
    }

    /// <summary>timestamptz holds microseconds: the exact nanoseconds go beside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Time(NpgsqlBinaryImporter w, long nanos)
    {
        w.Write(UtcNanos.ToDateTime(nanos), NpgsqlDbType.TimestampTz);
        w.Write(nanos, NpgsqlDbType.Bigint);
    }

    public string TimeframeName(Timeframe timeframe)
    {
        if (!_timeframes.TryGetValue(timeframe.Seconds, out var name))
            _timeframes.Add(timeframe.Seconds, name = timeframe.ToString());
        return name;
    }

    public string NodeName(SymbolId symbol, int nodeId)
    {
        if (nodeId < 0)
            return "candles";
        var index = symbol.Value;
        if (index >= _nodes.Length)
            Array.Resize(ref _nodes, Math.Max(index + 1, _nodes.Length * 2));
        ref var names = ref _nodes[index];
        names ??= [];
        if (nodeId >= names.Length)
            Array.Resize(ref names, Math.Max(nodeId + 1, names.Length * 2));
        return names[nodeId] ??= _nodeName(symbol, nodeId) is { Length: > 0 } name ? name : $"node{nodeId}";
    }

    private static void Nulls(NpgsqlBinaryImporter w, int count)
    {
        for (var i = 0; i < count; i++)
            w.WriteNull();
    }

    private static void NullableLong(NpgsqlBinaryImporter w, bool has, long value)
    {
        if (has) w.Write(value, NpgsqlDbType.Bigint);
        else w.WriteNull();
    }

    private static void NullableInt(NpgsqlBinaryImporter w, bool has, int value)
    {
        if (has) w.Write(value, NpgsqlDbType.Integer);
        else w.WriteNull();
    }

    private static void NullableShort(NpgsqlBinaryImporter w, bool has, short value)
    {
        if (has) w.Write(value, NpgsqlDbType.Smallint);
        else w.WriteNull();
    }

    private static void NullableText(NpgsqlBinaryImporter w, string? value)
    {
        if (value is not null) w.Write(value, NpgsqlDbType.Text);
        else w.WriteNull();
    }
}
