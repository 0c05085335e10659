using System.Text;
using TradingEngine.Dashboard.Server;
using TradingEngine.Dashboard.Streaming;

namespace TradingEngine.Tests.Dashboard;

public sealed class CompactShapesTests
{
    [Fact]
    public void A_message_splits_into_a_shared_shape_and_its_values_in_document_order()
    {
        var shapes = new CompactShapes();
        var (shape, row) = shapes.Split("""{"type":"trade_signal","symbol":"E\"S","data":{"triggers":[1,[2]],"price":-1.5e3,"ok":true},"metadata":null}"""u8);
        Assert.Equal("""{"type":0,"symbol":0,"data":{"triggers":0,"price":0,"ok":0},"metadata":0}""", Encoding.UTF8.GetString(shape.Json));
        Assert.Equal("""
            "trade_signal","E\"S",[1,[2]],-1.5e3,true,null
            """, Encoding.UTF8.GetString(row));

        // another message of the same structure shares the shape; another structure gets the next id (metadata an
        // object where it was null is another structure)
        var (same, sameRow) = shapes.Split("""{"type":"x","symbol":"NQ","data":{"triggers":[],"price":2,"ok":false},"metadata":null}"""u8);
        var (other, otherRow) = shapes.Split("""{"type":"x","symbol":"NQ","data":{"triggers":[],"price":2,"ok":false},"metadata":{"node_id":3}}"""u8);
        Assert.Same(shape, same);
        Assert.Equal("\"x\",\"NQ\",[],2,false,null", Encoding.UTF8.GetString(sameRow));
        Assert.Equal(0, shape.Id);
        Assert.Equal(1, other.Id);
        Assert.Equal("\"x\",\"NQ\",[],2,false,3", Encoding.UTF8.GetString(otherRow));
        Assert.Equal(2, shapes.Count);
    }

    [Fact]
    public void A_message_that_is_not_an_object_is_refused_naming_what_it_starts_with()
    {
        var e = Assert.Throws<ArgumentException>(() => new CompactShapes().Split("[1]"u8));
        Assert.Contains("starts with '['", e.Message);
    }

    [Fact]
    public void A_batch_carries_each_shape_once_per_connection_and_ids_as_differences()
    {
        var shapes = new CompactShapes();
        var events = new List<DashboardEvent>();
        foreach (var (id, json) in new[] { (3L, """{"a":1}"""), (4L, """{"a":2}"""), (9L, """{"b":"x"}""") })
        {
            var (shape, row) = shapes.Split(Encoding.UTF8.GetBytes(json));
            events.Add(new DashboardEvent(id, Encoding.UTF8.GetBytes(json), false, shape, row));
        }
        var sent = new HashSet<int>();
        var first = new MemoryStream();
        DashboardServer.WriteCompactBatch(first, sent, events);
        Assert.Equal("""{"n":3,"s":[[0,{"a":0}],[1,{"b":0}]],"r":[[3,0,1],[1,0,2],[5,1,"x"]]}""", Encoding.UTF8.GetString(first.ToArray()));
        var again = new MemoryStream();
        DashboardServer.WriteCompactBatch(again, sent, events[2..]);
        Assert.Equal("""{"n":1,"s":[],"r":[[9,1,"x"]]}""", Encoding.UTF8.GetString(again.ToArray()));
    }
}
