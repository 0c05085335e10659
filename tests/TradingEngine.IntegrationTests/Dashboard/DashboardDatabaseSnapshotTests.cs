using System.Text.Json;
using TradingEngine.Cli.Commands;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.IntegrationTests.Timescale;
using TradingEngine.Timescale.Queries;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>
/// <c>te dashboard --pg</c>: a page opened mid-session starts from the candles the sink stored (a real PostgreSQL), not
/// only from what the dashboard process itself received since it started.
/// </summary>
public sealed class DashboardDatabaseSnapshotTests
{
    private static readonly long Start = UtcNanos.FromDateTime(new DateTime(2024, 1, 3, 14, 30, 0, DateTimeKind.Utc));

    [Fact]
    public async Task The_snapshot_holds_the_newest_stored_closed_candles_of_every_series_oldest_first()
    {
        using var timeout = SinkExactlyOnceTests.Timeout();
        var ct = timeout.Token;
        await using var db = await TestDatabase.CreateAsync();
        var engineSymbols = new SymbolRegistry();
        var (es, nq) = (engineSymbols.GetOrAdd("ES"), engineSymbols.GetOrAdd("NQ"));
        var stored = new List<Candle>();
        for (var i = 0; i < 30; i++)
            stored.Add(Bar(es, Timeframe.OneMinute, i));
        for (var i = 0; i < 6; i++)
            stored.Add(Bar(es, Timeframe.FiveMinutes, i));
        for (var i = 0; i < 10; i++)
            stored.Add(Bar(nq, Timeframe.OneMinute, i));
        var structure = Structure(es);
        await using (var sink = new TimescaleSink(db.Options(), engineSymbols, ["fvg_5m", "bos_1m"]))
        {
            var feed = sink.OpenFeed("test.outputs");
            sink.Start();
            for (var i = 0; i < stored.Count; i++)
                feed.Add(OutputMessage.From(stored[i], -1, i + 1));
            foreach (var m in structure)
                feed.Add(m);
            feed.Publish(force: true);
            await sink.FlushAsync(ct);
        }

        // the dashboard's own registry: its ids need not be the engine's
        var symbols = new SymbolRegistry();
        symbols.GetOrAdd("GC");
        var hub = new DashboardHub(symbols, new DashboardHubOptions { CandlesPerSeries = 20 });
        var seeded = await DashboardCommand.SeedFromDatabaseAsync(new TimescaleQueries(db.Options()), hub, symbols, 20, new Dictionary<string, int> { ["fvg_5m"] = 7 }, ct);
        // 24 structure outputs stored, the newest 20 kept; bos_1m is not in the pipeline: its outputs have no node, counted
        Assert.Equal(new DashboardCommand.DatabaseSeed(3, 20 + 6 + 10, 0, 1, 20, structure.TakeLast(20).Count(m => m.NodeId == 1)), seeded);

        var encoder = new JsonMessageEncoder(engineSymbols);
        var expected = stored.Where(c => c.Symbol == es && c.Timeframe == Timeframe.OneMinute).TakeLast(20)
            .Concat(stored.Where(c => c.Symbol == es && c.Timeframe == Timeframe.FiveMinutes))
            .Concat(stored.Where(c => c.Symbol == nq))
            .Select(c => Encoded(encoder, OutputMessage.From(c, -1)))
            .Concat(structure.TakeLast(20).Select(m => Encoded(encoder, m) + $" node {(m.NodeId == 0 ? 7 : -1)}")).ToList();
        var snapshot = hub.Snapshot().Select(e => JsonDocument.Parse(e.Frame).RootElement.GetProperty("m"))
            .Select(m => Line(m) + (m.GetProperty("type").GetString() == "candle" ? "" : $" node {m.GetProperty("metadata").GetProperty("node_id").GetInt32()}")).ToList();
        Assert.Equal(expected, snapshot);
        Assert.Equal(56, hub.LastId);
    }

    [Fact]
    public async Task An_unreachable_database_stops_the_dashboard_before_it_serves_with_one_line()
    {
        var run = await TeProcess.RunAsync(["dashboard", "--pg", "Host=127.0.0.1;Port=1;Username=postgres;Password=hunter2x;Database=postgres;Timeout=3",
            "--listen", "127.0.0.1:0", "--nats", "nats://127.0.0.1:1", "--duration", "5"]);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("te dashboard: --pg:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2x", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// 24 structure outputs of every kind the table holds, one per minute, alternately of node 0 (fvg_5m) and node 1
    /// (bos_1m); swing points without a classification, which the table does not keep.
    /// </summary>
    private static List<OutputMessage> Structure(SymbolId symbol)
    {
        var list = new List<OutputMessage>();
        for (var i = 0; i < 24; i++)
        {
            var t = Start + (i + 1) * UtcNanos.PerMinute;
            var (tf, node, seq) = (Timeframe.FiveMinutes, i % 2, 1_000 + i);
            var p = 475_000L + i * 25;
            list.Add((i % 5) switch
            {
                0 => OutputMessage.From(new SwingPoint { Symbol = symbol, Timeframe = tf, EventTime = t, PricePrecision = 2, Side = SwingSide.High, Strength = 3, PriceRaw = p, PivotTime = t - 3 * UtcNanos.PerMinute }, node, seq),
                1 => OutputMessage.From(new FairValueGap { Symbol = symbol, Timeframe = tf, EventTime = t, PricePrecision = 2, Direction = StructureDirection.Bullish, State = i > 10 ? ZoneState.Filled : ZoneState.Active, TopRaw = p + 100, BottomRaw = p, FormedTime = t - UtcNanos.PerMinute }, node, seq),
                2 => OutputMessage.From(new OrderBlock { Symbol = symbol, Timeframe = tf, EventTime = t, PricePrecision = 2, SizePrecision = 0, Direction = StructureDirection.Bearish, State = ZoneState.Active, TopRaw = p + 50, BottomRaw = p - 50, OriginTime = t - 2 * UtcNanos.PerMinute, VolumeRaw = 1_234 + i }, node, seq),
                3 => OutputMessage.From(new LiquidityLevel { Symbol = symbol, Timeframe = tf, EventTime = t, PricePrecision = 2, Side = LiquiditySide.SellSide, State = ZoneState.Active, Touches = 2 + i, PriceRaw = p - 75, FormedTime = t - 4 * UtcNanos.PerMinute }, node, seq),
                _ => OutputMessage.From(new BreakOfStructure { Symbol = symbol, Timeframe = tf, EventTime = t, PricePrecision = 2, Direction = StructureDirection.Bullish, Kind = BreakKind.ChangeOfCharacter, LevelRaw = p, BreakPriceRaw = p + 25, SwingTime = t - 5 * UtcNanos.PerMinute }, node, seq),
            });
        }
        return list;
    }

    private static Candle Bar(SymbolId symbol, Timeframe timeframe, int index)
    {
        var step = timeframe.Seconds * UtcNanos.PerSecond;
        var open = 475_000L + index % 13 * 25 + symbol.Value * 1_000_000;
        return new Candle
        {
            Symbol = symbol, Timeframe = timeframe, PricePrecision = 2, SizePrecision = 0, Flags = CandleFlags.Closed,
            OpenTime = Start + index * step, CloseTime = Start + (index + 1) * step, OpenRaw = open, HighRaw = open + 75 + index % 4 * 25,
            LowRaw = open - 50, CloseRaw = open + 25, VolumeRaw = 100 + index, TickCount = 7 + index, ReceiveTime = Start + (index + 1) * step + 1_000,
        };
    }

    /// <summary>A candle as the page reads it: symbol, timeframe, timestamp and the whole data object.</summary>
    private static string Line(JsonElement m) =>
        $"{m.GetProperty("symbol").GetString()} {m.GetProperty("timeframe").GetString()} {m.GetProperty("timestamp").GetString()} {m.GetProperty("data").GetRawText()}";

    private static string Encoded(JsonMessageEncoder encoder, in OutputMessage message)
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        encoder.Encode(in message, json);
        return Line(JsonDocument.Parse(json.WrittenMemory).RootElement);
    }
}
