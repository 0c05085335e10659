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
        await using var sink = NewSink(out var spill, chunkRows: 8, budgetChunks: 2);
        var feed = sink.OpenFeed("test");
        for (var i = 1; i <= 50; i++)
            feed.Add(Tick.Create(Es, i * 1000L, new Price(450_025 + i, 2), new Quantity(i, 0)), i);
        // 2 chunks in memory (16 rows, the bound), 4 full chunks spilled, 2 rows still in the producer's chunk
        Assert.Equal(16, feed.Buffered);
        Assert.Equal(4, feed.SpilledChunks);
        Assert.Equal(32, feed.SpilledRows);
        Assert.Equal(4, Directory.GetFiles(spill).Length);
        feed.Publish(); // the writer has not taken what is before it: the partial chunk keeps filling
        Assert.Equal(6, feed.Ready.Count);
        feed.Publish(force: true);
        Assert.Equal(7, feed.Ready.Count);

        var records = Drain(feed);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => new Price(450_025 + i, 2)), records.Select(r => r.Tick.Price));
        Assert.Empty(Directory.GetFiles(spill));
    }

    [Fact]
    public async Task Small_ring_batches_while_the_writer_is_behind_fill_chunks_instead_of_handing_over_one_each()
    {
        // the outage of issue 18: one row per ring batch used to hand over a whole 4,096-row array per batch, in memory
        await using var sink = NewSink(out var spill, chunkRows: 8, budgetChunks: 2);
        var feed = sink.OpenFeed("test");
        for (var i = 1; i <= 50; i++)
        {
            feed.Add(Tick.Create(Es, i * 1000L, new Price(450_025 + i, 2), new Quantity(i, 0)), i);
            feed.Publish();
        }
        // the first row went alone (the writer was idle), then full chunks: 1 in memory, 5 spilled, 1 row still filling
        Assert.Equal(7, feed.Ready.Count);
        Assert.Equal(5, feed.SpilledChunks);
        Assert.Equal(9, feed.Buffered);
        Assert.Equal(2 * 8 * 120, sink.BufferedBytes);
        Assert.Equal(sink.BufferedBytes, sink.PeakBufferedBytes);
        feed.Publish(force: true);

        var records = Drain(feed);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Empty(Directory.GetFiles(spill));
    }

    [Fact]
    public async Task The_watermark_lag_is_the_event_time_the_sink_accepted_and_did_not_commit()
    {
        // no database (the writer never runs): nothing commits, so the lag is the event time accepted since the first row
        await using var sink = NewSink(out _);
        var (ticks, outputs) = (sink.OpenFeed("ticks"), sink.OpenFeed("outputs"));
        Assert.Equal(TimeSpan.Zero, sink.Statistics.WatermarkLag);
        var t0 = new DateTime(2024, 3, 1, 14, 30, 0, DateTimeKind.Utc).Ticks * 100 - DateTime.UnixEpoch.Ticks * 100;
        ticks.Add(Tick.Create(Es, t0, new Price(450_025, 2), new Quantity(1, 0)), 1);
        Assert.Equal(TimeSpan.Zero, sink.Statistics.WatermarkLag); // one row: no span yet
        ticks.Add(Tick.Create(Es, t0 + 90_000_000_000, new Price(450_050, 2), new Quantity(1, 0)), 2);
        outputs.Add(OutputMessage.From(new Candle { Symbol = Nq, Timeframe = Timeframe.OneMinute, PricePrecision = 2, OpenTime = t0 + 60_000_000_000 }, 3), 3);
        ticks.Add(Tick.Create(Es, t0 + 30_000_000_000, new Price(450_000, 2), new Quantity(1, 0)), 4); // older: the newest stays
        var stats = sink.Statistics;
        Assert.Equal(TimeSpan.FromSeconds(90), stats.WatermarkLag);
        Assert.Equal(t0 + 90_000_000_000, stats.NewestAcceptedEventTime);
        Assert.Equal(t0, stats.FirstAcceptedEventTime);
        Assert.Equal(0, stats.NewestCommittedEventTime);
        Assert.Equal(TimeSpan.FromSeconds(20), (stats with { NewestCommittedEventTime = t0 + 70_000_000_000 }).WatermarkLag);
        Assert.Equal(TimeSpan.Zero, (stats with { NewestCommittedEventTime = t0 + 90_000_000_000 }).WatermarkLag);
    }

    [Fact]
    public void A_damaged_spill_file_is_refused_with_its_name_and_offset()
    {
        var directory = Path.Combine(Path.GetTempPath(), "te-sink-unit-" + Guid.NewGuid().ToString("N"));
        var spill = new SinkSpill(directory);
        try
        {
            var rows = new SinkRecord[4];
            for (var i = 0; i < rows.Length; i++)
                rows[i] = new SinkRecord { Sequence = i + 1, Table = SinkTable.Ticks, Tick = Tick.Create(Es, i, new Price(100 + i, 2), new Quantity(1, 0)) };
            var path = spill.Write(rows);
            var back = new SinkRecord[8];
            Assert.Equal(4, SinkSpill.Read(path, back));
            Assert.Equal(rows.Select(r => (r.Sequence, r.Tick.Price)), back.Take(4).Select(r => (r.Sequence, r.Tick.Price)));

            var bytes = File.ReadAllBytes(path);
            bytes[SinkSpill.HeaderBytes + 130] ^= 0x40; // one bit of the second record
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InvalidDataException>(() => SinkSpill.Read(path, back));
            Assert.Contains(path, error.Message);
            Assert.Contains($"byte {SinkSpill.HeaderBytes}", error.Message);
            Assert.Contains("checksum", error.Message);

            File.WriteAllBytes(path, bytes.AsSpan(0, 100).ToArray()); // torn
            Assert.Contains("record count 4", Assert.Throws<InvalidDataException>(() => SinkSpill.Read(path, back)).Message);
        }
        finally
        {
            spill.DeleteAll();
        }
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
    [InlineData(MessageType.Tick, nameof(SinkTable.Ticks))]
    [InlineData(MessageType.Candle, nameof(SinkTable.Candles))]
    [InlineData(MessageType.FairValueGap, nameof(SinkTable.MarketStructure))]
    [InlineData(MessageType.Footprint, nameof(SinkTable.VolumeAnalysis))]
    [InlineData(MessageType.Vwap, nameof(SinkTable.Indicators))]
    [InlineData(MessageType.RiskMetric, nameof(SinkTable.StrategySignals))]
    [InlineData(MessageType.PositionUpdate, nameof(SinkTable.Positions))]
    public void Every_stored_kind_routes_to_its_table(MessageType kind, string tableName)
    {
        var table = Enum.Parse<SinkTable>(tableName);
        Assert.True(SinkTables.TryRoute(kind, out var routed));
        Assert.Equal(table, routed);
    }

    [Theory]
    [InlineData(MessageType.Quote)]
    [InlineData(MessageType.Timer)]
    [InlineData(MessageType.Gap)]
    [InlineData(MessageType.None)]
    public void Kinds_the_sink_does_not_store_route_nowhere(MessageType kind) => Assert.False(SinkTables.TryRoute(kind, out _));

    private static TimescaleSink NewSink(out string spill, int chunkRows = 64, int budgetChunks = 16)
    {
        spill = Path.Combine(Path.GetTempPath(), "te-sink-unit-" + Guid.NewGuid().ToString("N"));
        var options = new TimescaleOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1",
            ChunkRows = chunkRows,
            MaxBufferedBytes = budgetChunks * chunkRows * 120L,
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
                count = SinkSpill.Read(chunk.SpillPath!, rows);
                SinkSpill.Delete(chunk.SpillPath!);
            }
            records.AddRange(rows.AsSpan(0, count).ToArray());
        }
        return records;
    }
}
