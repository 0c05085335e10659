using Npgsql;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

public class NodeValueSinkTests
{
    [Fact]
    public async Task A_persisted_node_value_lands_in_indicators_once_and_a_publish_only_one_does_not()
    {
        using var timeout = SinkExactlyOnceTests.Timeout();
        await using var db = await TestDatabase.CreateAsync();
        var symbols = new SymbolRegistry();
        var es = symbols.GetOrAdd("ES");
        var t = UtcNanos.FromDateTime(new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc)) + 123;
        await using var sink = new TimescaleSink(db.Options(), symbols, ["fast", "bands"]);
        var feed = sink.OpenFeed("journal.outputs");
        sink.Start();

        feed.Add(Value(es, node: 1, port: 2, t, 4750.123456789, persist: true, sequence: 10));
        feed.Add(Value(es, node: 0, port: 0, t, 4760.5, persist: false, sequence: 10));
        feed.Publish(force: true);
        await sink.FlushAsync(timeout.Token);

        Assert.Equal(1, await db.CountAsync("indicators"));
        await using var connection = await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT symbol, node, indicator, period, value, time_ns, source_seq FROM indicators", connection);
        await using var reader = await command.ExecuteReaderAsync(timeout.Token);
        Assert.True(await reader.ReadAsync(timeout.Token));
        Assert.Equal(("ES", "bands", "node_value", (short)2, 4750.123456789, t, 10L),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt16(3), reader.GetDouble(4), reader.GetInt64(5), reader.GetInt64(6)));
    }

    private static OutputMessage Value(SymbolId symbol, int node, int port, long time, double value, bool persist, long sequence) =>
        OutputMessage.From(new NodeValue { Symbol = symbol, EventTime = time, Port = (ushort)port, Persist = persist, Value = value }, node, sequence);
}
