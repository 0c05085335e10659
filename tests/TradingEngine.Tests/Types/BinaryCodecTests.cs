using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

public class BinaryCodecTests
{
    private static Tick SampleTick()
    {
        var t = Tick.Create(new SymbolId(1), 1_703_545_200_123_456_789L, Price.Parse("4760.25"), Quantity.Parse("3"), 1_703_545_200_123_999_000L);
        t.SetQuote(Price.Parse("4760.00"), Price.Parse("4760.25"));
        t.Side = AggressorSide.Buy;
        t.Venue = 'X';
        return t;
    }

    [Fact]
    public void Tick_frame_is_header_plus_63_bytes_little_endian()
    {
        Assert.Equal(63, BinaryMessageCodec.BodySize<Tick>());
        Span<byte> frame = stackalloc byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(SampleTick(), frame);
        Assert.Equal(71, n);
        Assert.Equal(new byte[] { 0xE7, BinaryMessageCodec.Version, (byte)MessageType.Tick, 0, 63, 0, 0, 0 }, frame[..8].ToArray());
        Assert.Equal(1, BitConverter.ToInt32(frame[8..12])); // symbol id
        Assert.Equal(1_703_545_200_123_456_789L, BitConverter.ToInt64(frame[12..20]));
    }

    [Fact]
    public void A_tick_frame_is_pinned_byte_for_byte()
    {
        // the wire contract of ticks.raw binary frames (docs/message_catalog.md): a change of layout must change this
        // test on purpose. Header: magic E7, version 4, type, reserved, body length 63 (LE int32); the body holds the
        // fields in the order Tick.Catalog.cs visits them, little endian.
        Span<byte> frame = stackalloc byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(SampleTick(), frame);
        Assert.Equal(
            "E70401003F000000" +           // magic, version 4, Tick, reserved, body 63
            "01000000" +                   // symbol id 1
            "152D2E705535A417" +           // event time 1_703_545_200_123_456_789
            "18733670" + "5535A417" +      // receive time 1_703_545_200_123_999_000
            "0200" +                       // price precision 2, size precision 0
            "7943070000000000" +           // price 476025 (4760.25)
            "0300000000000000" +           // size 3
            "6043070000000000" +           // bid 476000
            "7943070000000000" +           // ask 476025
            "01" + "5800000000000000",     // aggressor buy; venue 'X', flags and conditions (8 bytes)
            Convert.ToHexString(frame[..n]));
        Assert.True(BinaryMessageCodec.Decode(frame[..n], out Tick back, out var consumed).IsSuccess);
        Assert.Equal(n, consumed);
        Assert.Equal(SampleTick().Price, back.Price);
    }

    // The frames below are written out by hand from the layout in docs/message_catalog.md ("Internal binary frame") and
    // BinaryMessageCodec's header: every field holds a distinct value, so a swapped, widened or dropped field moves
    // bytes. Both directions are pinned: encoding gives these bytes, and these bytes decode to the fields.
    private const string TickEventFrameHex =
        "E7040101" + "47000000" +          // magic, version 4, Tick (1), envelope MarketEvent (1); body 8 + 63 = 71
        "7877767574737271" +               // source sequence 0x7172737475767778 (i64)
        "07000000" +                       // symbol id 7 (i32)
        "0807060504030201" +               // event time 0x0102030405060708 ns (i64)
        "1817161514131211" +               // receive time 0x1112131415161718 ns (i64)
        "04" + "01" +                      // price precision 4, size precision 1 (u8 each)
        "2221000000000000" +               // price raw 0x2122 (i64)
        "3100000000000000" +               // size raw 0x31 (i64)
        "0000000000000000" +               // bid: absent, so 0 (i64)
        "4100000000000000" +               // ask raw 0x41 (i64)
        "02" +                             // aggressor Sell (u8)
        "5251" +                           // venue 0x5152 (u16)
        "64636261" +                       // conditions 0x61626364 (u32)
        "01" + "00";                       // suspicious true, flagged false (u8 each)

    private static MarketEvent TickEvent() => MarketEvent.FromTick(new Tick
    {
        Symbol = new SymbolId(7), EventTime = 0x0102030405060708, ReceiveTime = 0x1112131415161718,
        PricePrecision = 4, SizePrecision = 1, PriceRaw = 0x2122, SizeRaw = 0x31, AskRaw = 0x41,
        Flags = TickFlags.HasAsk | TickFlags.Suspicious, Side = AggressorSide.Sell, Venue = 0x5152, Conditions = 0x61626364,
    }, sourceSequence: 0x7172737475767778);

    [Fact]
    public void A_market_event_tick_frame_is_pinned_byte_for_byte_in_both_directions()
    {
        Span<byte> frame = stackalloc byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(TickEvent(), frame);
        Assert.Equal(TickEventFrameHex, Convert.ToHexString(frame[..n]));

        var bytes = Convert.FromHexString(TickEventFrameHex);
        Assert.True(BinaryMessageCodec.Decode(bytes, out MarketEvent e, out var consumed).IsSuccess);
        Assert.Equal(bytes.Length, consumed);
        var want = TickEvent();
        Assert.Equal((MarketEventKind.Tick, want.SourceSequence), (e.Kind, e.SourceSequence));
        var (got, exp) = (e.Tick, want.Tick);
        Assert.Equal((exp.Symbol, exp.EventTime, exp.ReceiveTime, exp.PricePrecision, exp.SizePrecision),
            (got.Symbol, got.EventTime, got.ReceiveTime, got.PricePrecision, got.SizePrecision));
        Assert.Equal((exp.PriceRaw, exp.SizeRaw, exp.BidRaw, exp.AskRaw), (got.PriceRaw, got.SizeRaw, got.BidRaw, got.AskRaw));
        Assert.Equal((exp.Side, exp.Venue, exp.Conditions, exp.Flags), (got.Side, got.Venue, got.Conditions, got.Flags));
    }

    private const string RsiOutputFrameHex =
        "E7042002" + "2A000000" +          // magic, version 4, Rsi (32), envelope OutputMessage (2); body 16 + 26 = 42
        "0B0A0000" +                       // node id 0x0A0B (i32)
        "07000000" +                       // output index 7 (i32)
        "0201000000000000" +               // source sequence 0x0102 (i64)
        "03000000" +                       // symbol id 3 (i32)
        "2A00000000000000" +               // event time 42 ns (i64)
        "2C010000" +                       // timeframe 5m = 300 s (i32)
        "0E00" +                           // period 14 (u16)
        "0000000000C04B40";                // value 55.5 = IEEE 754 0x404BC00000000000

    [Fact]
    public void An_output_message_frame_is_pinned_byte_for_byte_in_both_directions()
    {
        var rsi = new Rsi { Symbol = new SymbolId(3), Timeframe = Timeframe.FiveMinutes, EventTime = 42, Period = 14, Value = 55.5 };
        Span<byte> frame = stackalloc byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(OutputMessage.From(rsi, nodeId: 0x0A0B, sourceSequence: 0x0102), 7, frame);
        Assert.Equal(RsiOutputFrameHex, Convert.ToHexString(frame[..n]));

        var bytes = Convert.FromHexString(RsiOutputFrameHex);
        Assert.True(BinaryMessageCodec.Decode(bytes, out OutputMessage slot, out var index, out var consumed).IsSuccess);
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal((MessageType.Rsi, 0x0A0B, 7, 0x0102L), (slot.Kind, slot.NodeId, index, slot.SourceSequence));
        var back = slot.Payload<Rsi>();
        Assert.Equal((rsi.Symbol, rsi.EventTime, rsi.Timeframe, rsi.Period, rsi.Value), (back.Symbol, back.EventTime, back.Timeframe, back.Period, back.Value));
    }

    private const string SignalOutputFrameHex =
        "E7042802" + "5A000000" +          // magic, version 4, TradeSignal (40), envelope OutputMessage (2); body 16 + 74 = 90
        "05000000" +                       // node id 5 (i32)
        "FFFFFFFF" +                       // output index -1: not numbered (i32)
        "0900000000000000" +               // source sequence 9 (i64)
        "03000000" +                       // symbol id 3 (i32)
        "2A00000000000000" +               // event time 42 ns (i64)
        "2C010000" +                       // timeframe 5m = 300 s (i32)
        "02" +                             // price precision 2 (u8)
        "01" + "01" +                      // action entry, side long (u8 each)
        "7943070000000000" +               // price 476025 (4760.25)
        "0400" +                           // reason code 4 (u16)
        "02" + "FF02" + "0004" + "0000" + "0000" + // 2 trigger codes: port 2 every binding, port 4 binding 0 (u8 + 4 × u16)
        "03" + "05" +                      // 3 trigger values carried, validity bits 101: the second is absent
        "000000008098B240" +               // 4760.5
        "0000000000000000" +               // absent: 0
        "0000000000C04B40" +               // 55.5
        "0000000000000000" +               // unused slot
        "0300";                            // trigger_inputs 3 (u16)

    private static TradeSignal SampleSignal()
    {
        var values = default(TriggerValues);
        values.Add(4760.5, true);
        values.Add(4761, false);
        values.Add(55.5, true);
        return new TradeSignal
        {
            Symbol = new SymbolId(3), EventTime = 42, Timeframe = Timeframe.FiveMinutes, PricePrecision = 2, Action = SignalAction.Entry,
            Side = PositionSide.Long, PriceRaw = 476025, ReasonCode = 4, Triggers = NodeIdList.Of(0x02FF, 0x0400), TriggerValues = values,
        };
    }

    [Fact]
    public void A_trade_signal_frame_with_its_trigger_values_is_pinned_byte_for_byte_in_both_directions()
    {
        Span<byte> frame = stackalloc byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(OutputMessage.From(SampleSignal(), nodeId: 5, sourceSequence: 9), frame);
        Assert.Equal(SignalOutputFrameHex, Convert.ToHexString(frame[..n]));

        var bytes = Convert.FromHexString(SignalOutputFrameHex);
        Assert.True(BinaryMessageCodec.Decode(bytes, out OutputMessage slot, out var consumed).IsSuccess);
        Assert.Equal(bytes.Length, consumed);
        var back = slot.Payload<TradeSignal>();
        Assert.Equal(SampleSignal().Triggers, back.Triggers);
        Assert.Equal(SampleSignal().TriggerValues, back.TriggerValues);
        Assert.Equal([4760.5, null, 55.5], Enumerable.Range(0, back.TriggerValues.Count).Select(i => back.TriggerValues[i]));

        // validity bits past the count are a damaged frame, never values read as absent or present
        bytes[8 + 16 + 4 + 8 + 4 + 1 + 2 + 8 + 2 + 9 + 1] = 0x0D;
        var r = BinaryMessageCodec.Decode(bytes, out OutputMessage _, out _);
        Assert.Equal(RejectReason.MalformedBinary, r.Reason);
        Assert.Contains("trigger_values", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_trade_signal_carries_its_trigger_values_in_json_as_numbers_and_nulls()
    {
        var symbols = new SymbolRegistry();
        symbols.GetOrAdd("X");
        symbols.GetOrAdd("Y");
        symbols.GetOrAdd("ES");
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        new JsonMessageEncoder(symbols).Encode(OutputMessage.From(SampleSignal(), nodeId: 5, sourceSequence: 9), json);
        var text = System.Text.Encoding.UTF8.GetString(json.WrittenSpan);
        Assert.Contains("\"triggers\":[767,1024],\"trigger_values\":[4760.5,null,55.5],\"trigger_inputs\":3", text, StringComparison.Ordinal);

        var none = SampleSignal();
        none.Triggers = default;
        none.TriggerValues = default;
        json.ResetWrittenCount();
        new JsonMessageEncoder(symbols).Encode(OutputMessage.From(none, nodeId: 5, sourceSequence: 9), json);
        text = System.Text.Encoding.UTF8.GetString(json.WrittenSpan);
        Assert.DoesNotContain("trigger_values", text, StringComparison.Ordinal);
        Assert.DoesNotContain("trigger_inputs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_and_decode_allocate_nothing()
    {
        var tick = SampleTick();
        var frame = new byte[BinaryMessageCodec.MaxFrameSize];
        for (var i = 0; i < 100; i++)
            Roundtrip(tick, frame);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            Roundtrip(tick, frame);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Roundtrip(in Tick t, byte[] frame)
        {
            var n = BinaryMessageCodec.Encode(t, frame);
            BinaryMessageCodec.Decode<Tick>(frame.AsSpan(0, n), out _, out _);
        }
    }

    [Fact]
    public void Truncated_frame()
    {
        var frame = new byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(SampleTick(), frame);
        Assert.Equal(RejectReason.Truncated, BinaryMessageCodec.Decode<Tick>(frame.AsSpan(0, n - 1), out _, out _).Reason);
        Assert.Equal(RejectReason.Truncated, BinaryMessageCodec.Decode<Tick>(frame.AsSpan(0, 3), out _, out _).Reason);
    }

    [Fact]
    public void Bad_magic_version_kind_and_length()
    {
        var frame = new byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(SampleTick(), frame);
        DecodeResult With(int index, byte value)
        {
            var copy = frame.AsSpan(0, n).ToArray();
            copy[index] = value;
            return BinaryMessageCodec.Decode<Tick>(copy, out _, out _);
        }
        Assert.Equal(RejectReason.MalformedBinary, With(0, 0x00).Reason);
        Assert.Equal(RejectReason.UnknownSchemaVersion, With(1, 1).Reason); // version 1: a candle without end_of_data
        Assert.Equal(RejectReason.UnknownSchemaVersion, With(1, 2).Reason); // version 2: a trade signal without trigger values
        Assert.Equal(RejectReason.UnknownSchemaVersion, With(1, 3).Reason); // version 3: an output frame without its output index
        Assert.Equal(RejectReason.UnknownSchemaVersion, With(1, 5).Reason);
        Assert.Equal(RejectReason.UnknownMessageType, With(2, 99).Reason);
        Assert.Equal(RejectReason.UnexpectedMessageType, With(2, (byte)MessageType.Quote).Reason);
        Assert.Equal(RejectReason.MalformedBinary, With(4, 62).Reason);
        Assert.Equal(RejectReason.MalformedBinary, With(8 + 4 + 8 + 8, 10).Reason); // price precision 10
    }

    [Fact]
    public void Destination_too_small_throws_a_clear_argument_exception()
    {
        var e = Assert.Throws<ArgumentException>(() => BinaryMessageCodec.Encode(SampleTick(), new byte[10]));
        Assert.Contains("needs 71", e.Message);
    }

    [Fact]
    public void Output_slot_layout()
    {
        Assert.Equal(104, Unsafe.SizeOf<OutputMessage>());
        var rsi = new Rsi { Symbol = new SymbolId(3), Timeframe = Timeframe.FiveMinutes, EventTime = 42, Period = 14, Value = 55.5 };
        var slot = OutputMessage.From(rsi, nodeId: 7, sourceSequence: 99);
        // measured, not restated: the payload a reader gets starts 16 bytes into the slot (the documented layout), and
        // the PayloadOffset constant says the same
        var payloadAt = (int)Unsafe.ByteOffset(ref Unsafe.As<OutputMessage, byte>(ref slot), ref Unsafe.As<Rsi, byte>(ref slot.Payload<Rsi>()));
        Assert.Equal(16, payloadAt);
        Assert.Equal(OutputMessage.PayloadOffset, payloadAt);
        Assert.Equal(MessageType.Rsi, slot.Kind);
        Assert.Equal(new SymbolId(3), slot.Symbol);
        Assert.Equal(Timeframe.FiveMinutes, slot.Timeframe);
        Assert.Equal(42, slot.EventTime);
        Assert.Equal(55.5, slot.Payload<Rsi>().Value);
        Assert.Throws<InvalidOperationException>(() => slot.Payload<Atr>());
        Assert.Throws<ArgumentException>(() => OutputMessage.From(SampleTick(), 0));
    }

    [Fact]
    public void Payload_sizes_are_as_documented()
    {
        var expected = new Dictionary<Type, int>
        {
            [typeof(Tick)] = 64, [typeof(Quote)] = 64, [typeof(Candle)] = 88, [typeof(SwingPoint)] = 40,
            [typeof(FairValueGap)] = 48, [typeof(OrderBlock)] = 56, [typeof(LiquidityLevel)] = 40, [typeof(BreakOfStructure)] = 48,
            [typeof(VolumeProfile)] = 64, [typeof(DeltaVolume)] = 48, [typeof(Footprint)] = 80, [typeof(CumulativeDelta)] = 40,
            [typeof(MovingAverage)] = 32, [typeof(Vwap)] = 64, [typeof(Rsi)] = 32, [typeof(Atr)] = 32, [typeof(NodeValue)] = 32, [typeof(TradeSignal)] = 88,
            [typeof(PositionUpdate)] = 64, [typeof(RiskMetric)] = 64,
        };
        var actual = new Dictionary<Type, int>
        {
            [typeof(Tick)] = Unsafe.SizeOf<Tick>(), [typeof(Quote)] = Unsafe.SizeOf<Quote>(), [typeof(Candle)] = Unsafe.SizeOf<Candle>(),
            [typeof(SwingPoint)] = Unsafe.SizeOf<SwingPoint>(), [typeof(FairValueGap)] = Unsafe.SizeOf<FairValueGap>(),
            [typeof(OrderBlock)] = Unsafe.SizeOf<OrderBlock>(), [typeof(LiquidityLevel)] = Unsafe.SizeOf<LiquidityLevel>(),
            [typeof(BreakOfStructure)] = Unsafe.SizeOf<BreakOfStructure>(), [typeof(VolumeProfile)] = Unsafe.SizeOf<VolumeProfile>(),
            [typeof(DeltaVolume)] = Unsafe.SizeOf<DeltaVolume>(), [typeof(Footprint)] = Unsafe.SizeOf<Footprint>(),
            [typeof(CumulativeDelta)] = Unsafe.SizeOf<CumulativeDelta>(), [typeof(MovingAverage)] = Unsafe.SizeOf<MovingAverage>(),
            [typeof(Vwap)] = Unsafe.SizeOf<Vwap>(), [typeof(Rsi)] = Unsafe.SizeOf<Rsi>(), [typeof(Atr)] = Unsafe.SizeOf<Atr>(),
            [typeof(NodeValue)] = Unsafe.SizeOf<NodeValue>(),
            [typeof(TradeSignal)] = Unsafe.SizeOf<TradeSignal>(), [typeof(PositionUpdate)] = Unsafe.SizeOf<PositionUpdate>(),
            [typeof(RiskMetric)] = Unsafe.SizeOf<RiskMetric>(),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_output_payload_keeps_symbol_timeframe_and_event_time_at_the_same_offsets()
    {
        Check(new SwingPoint { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new FairValueGap { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new OrderBlock { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new LiquidityLevel { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new BreakOfStructure { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new VolumeProfile { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new DeltaVolume { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new Footprint { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new CumulativeDelta { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new MovingAverage { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new Vwap { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new Rsi { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new Atr { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new NodeValue { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new TradeSignal { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new PositionUpdate { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        Check(new RiskMetric { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, EventTime = 123 });
        var candle = OutputMessage.From(new Candle { Symbol = new SymbolId(5), Timeframe = Timeframe.OneHour, OpenTime = 123 }, -1);
        Assert.Equal((new SymbolId(5), Timeframe.OneHour, 123L), (candle.Symbol, candle.Timeframe, candle.EventTime));

        static void Check<T>(in T payload) where T : struct, ICatalogMessage<T>
        {
            var slot = OutputMessage.From(payload, 1);
            Assert.Equal((T.Type, new SymbolId(5), Timeframe.OneHour, 123L), (slot.Kind, slot.Symbol, slot.Timeframe, slot.EventTime));
        }
    }
}
