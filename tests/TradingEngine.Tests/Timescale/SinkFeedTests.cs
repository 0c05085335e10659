using System.Runtime.CompilerServices;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Tests.Timescale;

/// <summary>The producer side of the sink, without a database: the writer is never started.</summary>
public class SinkFeedTests
{
    private static readonly SymbolRegistry Symbols = new();
    private static readonly SymbolId Es = Symbols.GetOrAdd("ESZ3");
    private static readonly SymbolId Nq = Symbols.GetOrAdd("NQZ3");

    [Fact]
    public void A_record_is_120_bytes_with_the_payload_after_the_position()
    {
        Assert.Equal(120, Unsafe.SizeOf<SinkRecord>());
        Assert.Equal(104, Unsafe.SizeOf<OutputMessage>());
    }

    [Fact]
    public async Task Records_of_one_sequence_are_numbered_per_symbol_and_a_sequence_going_back_is_dropped()
    {
        await using var sink = NewSink(out var spill);
        var feed = sink.OpenFeed("test");
        feed.Add(Candle(Es), 7);
        feed.Add(Candle(Es), 7);
        feed.Add(Candle(Nq), 7);
        feed.Add(Candle(Es), 8);
        feed.Add(Candle(Es), 6); // a redelivery of something already passed
        feed.Add(new OutputMessage { Kind = MessageType.None }, 9); // nothing to store
        feed.Publish();

        var records = Drain(feed);
        Assert.Equal([new SinkPosition(7, 0), new SinkPosition(7, 1), new SinkPosition(7, 0), new SinkPosition(8, 0)], records.Select(r => r.Position));
        Assert.Equal([Es, Es, Nq, Es], records.Select(r => r.Symbol));
        Assert.All(records, r => Assert.Equal(SinkTable.Candles, r.Table));
        Assert.Equal(1, feed.OutOfOrder);
        Assert.Equal(1, feed.Ignored);
        Assert.Equal(4, feed.Accepted);
        Assert.False(Directory.Exists(spill));
    }

    [Fact]
    public async Task Past_the_memory_bound_full_chunks_spill_to_disk_in_order_and_read_back_exactly()
    {
        await using var sink = NewSink(out var spill, chunkRows: 8, maxBuffered: 16);
        var feed = sink.OpenFeed("test");
        for (var i = 1; i <= 50; i++)
            feed.Add(Tick.Create(Es, i * 1000L, new Price(450_025 + i, 2), new Quantity(i, 0)), i);
        // 2 chunks in memory (16 rows, the bound), 4 full chunks spilled, 2 rows still in the producer's chunk
        Assert.Equal(16, feed.Buffered);
        Assert.Equal(4, feed.SpilledChunks);
        Assert.Equal(32, feed.SpilledRows);
        Assert.Equal(4, Directory.GetFiles(spill).Length);
        feed.Publish(); // over the bound and younger than the flush interval: kept
        Assert.Equal(6, feed.Ready.Count);
        feed.Publish(force: true);
        Assert.Equal(7, feed.Ready.Count);

        var records = Drain(feed);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => new Price(450_025 + i, 2)), records.Select(r => r.Tick.Price));
        Assert.Empty(Directory.GetFiles(spill));
    }

    [Fact]
    public void Positions_order_by_sequence_then_ordinal_and_none_is_below_everything()
    {
        Assert.True(new SinkPosition(5, 3) < new SinkPosition(6, 0));
        Assert.True(new SinkPosition(6, 0) < new SinkPosition(6, 1));
        Assert.True(SinkPosition.None < new SinkPosition(long.MinValue + 1, 0));
        Assert.True(SinkPosition.None < new SinkPosition(0, 0));
    }

    [Theory]
    [InlineData(MessageType.Tick, SinkTable.Ticks)]
    [InlineData(MessageType.Candle, SinkTable.Candles)]
    [InlineData(MessageType.FairValueGap, SinkTable.MarketStructure)]
    [InlineData(MessageType.Footprint, SinkTable.VolumeAnalysis)]
    [InlineData(MessageType.Vwap, SinkTable.Indicators)]
    [InlineData(MessageType.RiskMetric, SinkTable.StrategySignals)]
    [InlineData(MessageType.PositionUpdate, SinkTable.Positions)]
    public void Every_stored_kind_routes_to_its_table(MessageType kind, SinkTable table)
    {
        Assert.True(SinkTables.TryRoute(kind, out var routed));
        Assert.Equal(table, routed);
    }

    [Theory]
    [InlineData(MessageType.Quote)]
    [InlineData(MessageType.Timer)]
    [InlineData(MessageType.Gap)]
    [InlineData(MessageType.None)]
    public void Kinds_the_sink_does_not_store_route_nowhere(MessageType kind) => Assert.False(SinkTables.TryRoute(kind, out _));

    private static TimescaleSink NewSink(out string spill, int chunkRows = 64, int maxBuffered = 1_000)
    {
        spill = Path.Combine(Path.GetTempPath(), "te-sink-unit-" + Guid.NewGuid().ToString("N"));
        var options = new TimescaleOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1",
            ChunkRows = chunkRows,
            MaxBufferedRows = maxBuffered,
            SpillDirectory = spill,
        };
        return new TimescaleSink(options, Symbols);
    }

    private static OutputMessage Candle(SymbolId symbol) =>
        OutputMessage.From(new Candle { Symbol = symbol, Timeframe = Timeframe.OneMinute, PricePrecision = 2 }, -1);

    /// <summary>Takes every handed-over record in order, as the writer does (reading spilled chunks back).</summary>
    private static List<SinkRecord> Drain(SinkFeed feed)
    {
        var records = new List<SinkRecord>();
        while (feed.Ready.TryDequeue(out var chunk))
        {
            var rows = chunk.Records;
            var count = chunk.Count;
            if (rows is null)
            {
                rows = new SinkRecord[1024];
                count = SinkSpill.ReadAndDelete(chunk.SpillPath!, rows);
            }
            records.AddRange(rows.AsSpan(0, count).ToArray());
        }
        return records;
    }
}
