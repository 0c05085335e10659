using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Runtime;

public sealed class OutputRingSinkTests
{
    [Fact]
    public void A_numeric_node_output_becomes_one_node_value_slot_with_step_port_sequence_and_persist_flag()
    {
        var ring = RingBuffer<OutputMessage>.CreateSingleProducer(8);
        var sink = new OutputRingSink(ring);

        sink.OnNodeOutput(new NodeOutput
        {
            Symbol = new SymbolId(3), Step = 5, Port = 2, Type = PortType.Number, Persist = true,
            EventTime = 1_700_000_000_123_456_789, SourceSequence = 42, Raw = BitConverter.DoubleToInt64Bits(101.25),
        });

        Assert.Equal(0, ring.Cursor.Value);
        var slot = ring[0];
        Assert.Equal((MessageType.NodeValue, 5, 42L), (slot.Kind, slot.NodeId, slot.SourceSequence));
        var v = slot.Payload<NodeValue>();
        Assert.Equal((new SymbolId(3), default(Timeframe), 1_700_000_000_123_456_789L, (ushort)2, true, 101.25),
            (v.Symbol, v.Timeframe, v.EventTime, v.Port, v.Persist, v.Value));
        Assert.Equal(1_700_000_000_123_456_789L, slot.EventTime);
        Assert.Equal(1, sink.NumericOutputs);
    }

    [Fact]
    public void An_integer_output_is_carried_as_its_value_not_its_bits()
    {
        var ring = RingBuffer<OutputMessage>.CreateSingleProducer(8);
        var sink = new OutputRingSink(ring);

        sink.OnNodeOutput(new NodeOutput { Symbol = new SymbolId(1), Step = 1, Type = PortType.Integer, Raw = -1 });

        Assert.Equal(-1.0, ring[0].NodeValue.Value);
        Assert.False(ring[0].NodeValue.Persist);
    }

    [Fact]
    public void A_reused_slot_keeps_nothing_of_its_previous_message()
    {
        var ring = RingBuffer<OutputMessage>.CreateSingleProducer(1);
        var sink = new OutputRingSink(ring);
        sink.OnCandleClosed(new Candle { Symbol = new SymbolId(1), Timeframe = Timeframe.OneHour, OpenTime = 7, TickCount = 99 }, 5);
        ring.AddGatingSequences(new Sequence(0));

        sink.OnNodeOutput(new NodeOutput { Symbol = new SymbolId(1), Step = 2, Type = PortType.Number, Raw = BitConverter.DoubleToInt64Bits(1.5) });

        var slot = ring[1];
        Assert.Equal(MessageType.NodeValue, slot.Kind);
        Assert.Equal(default, slot.Timeframe);
        Assert.Equal(0, slot.NodeValue.Reserved2);
    }
}
