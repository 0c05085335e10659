using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Tests.Nats;

public sealed class IngestionStageTests
{
    private readonly RingBuffer<MarketEvent> _ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
    private readonly IngestionCounters _counters = new();
    private readonly IngestionStage _stage;
    private readonly SymbolRegistry _symbols;

    public IngestionStageTests()
    {
        (_symbols, var instruments) = InputSamples.Registries();
        _stage = new IngestionStage(_ring, _symbols, _counters, new JsonInputDecoder(_symbols, instruments), new BinaryInputDecoder(), new IngestionOptions());
    }

    [Fact]
    public void A_valid_json_tick_lands_in_the_ring_with_its_source_sequence_and_our_receive_time()
    {
        var before = UtcNanos.Now();
        var seq = _stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson()), 77, out var reason, out var detail);

        Assert.True(seq >= 0, $"{reason}: {detail}");
        ref var e = ref _ring[seq];
        Assert.Equal(MarketEventKind.Tick, e.Kind);
        Assert.Equal(_symbols.GetOrAdd("SPY"), e.Symbol);
        Assert.Equal(77, e.SourceSequence);
        Assert.Equal(Price.Parse("167.42"), e.Tick.Price);
        Assert.Equal(100, e.Tick.Size.Raw);
        Assert.Equal(UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 0, 1, DateTimeKind.Utc)), e.Tick.EventTime);
        Assert.InRange(e.Tick.ReceiveTime, before, UtcNanos.Now());
        Assert.Equal(1, _counters.Accepted(MarketEventKind.Tick));
    }

    [Fact]
    public void Quotes_and_candles_are_admitted_on_their_subjects()
    {
        var q = _stage.Admit(NatsSubjects.QuotesRaw("SPY"), InputSamples.Utf8(InputSamples.QuoteJson()), 0, out var r1, out var d1);
        var c = _stage.Admit(NatsSubjects.CandlesExternal("SPY", Timeframe.OneMinute), InputSamples.Utf8(InputSamples.CandleJson()), 0, out var r2, out var d2);

        Assert.True(q >= 0, $"{r1}: {d1}");
        Assert.True(c >= 0, $"{r2}: {d2}");
        Assert.Equal(MarketEventKind.Quote, _ring[q].Kind);
        Assert.Equal(MarketEventKind.Candle, _ring[c].Kind);
        Assert.Equal(Timeframe.OneMinute, _ring[c].Candle.Timeframe);
    }

    [Fact]
    public void A_binary_tick_takes_its_symbol_from_the_subject()
    {
        var t = UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc));
        var seq = _stage.Admit(InputSamples.TickSubject, InputSamples.TickBinary(t), 0, out var reason, out var detail);

        Assert.True(seq >= 0, $"{reason}: {detail}");
        Assert.Equal(_symbols.GetOrAdd("SPY"), _ring[seq].Symbol);
        Assert.Equal(_symbols.GetOrAdd("SPY"), _ring[seq].Tick.Symbol);
        Assert.Equal(t, _ring[seq].Tick.EventTime);
    }

    [Fact]
    public void Every_rejection_class_is_rejected_with_its_reason_and_a_detail_and_nothing_reaches_the_ring()
    {
        Assert.True(_stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson()), 0, out _, out _) >= 0);
        var published = _ring.Cursor.Value;
        var seen = new HashSet<RejectReason>();
        foreach (var (subject, payload, expected) in InputSamples.BadMessages())
        {
            var seq = _stage.Admit(subject, payload, 0, out var reason, out var detail);
            Assert.True(seq < 0, $"{expected} was admitted");
            Assert.True(expected == reason, $"expected {expected}, got {reason}: {detail}");
            Assert.False(string.IsNullOrWhiteSpace(detail));
            seen.Add(reason);
        }
        Assert.Equal(published, _ring.Cursor.Value);
        var all = Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None).ToHashSet();
        Assert.Empty(all.Except(seen));
    }

    [Fact]
    public void A_small_reorder_within_the_tolerance_passes_and_a_stale_tick_does_not()
    {
        Assert.True(_stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson(timestamp: "2013-10-08T13:30:01Z")), 0, out _, out _) >= 0);
        Assert.True(_stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson(timestamp: "2013-10-08T13:30:00.5Z")), 0, out _, out _) >= 0);
        Assert.True(_stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson(timestamp: "2013-10-08T13:29:59.9Z")), 0, out var reason, out var detail) < 0);
        Assert.Equal(RejectReason.TimestampOutOfOrder, reason);
        Assert.Contains("1100 ms", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_symbol_that_contradicts_the_subject_is_rejected()
    {
        var (symbols, _) = (_symbols, 0);
        symbols.GetOrAdd("QQQ");
        var stage = new IngestionStage(_ring, symbols, _counters, new JsonInputDecoder(symbols), new BinaryInputDecoder(), new IngestionOptions());

        var seq = stage.Admit(NatsSubjects.TicksRaw("QQQ"), InputSamples.Utf8(InputSamples.TickJson()), 0, out var reason, out var detail);

        Assert.True(seq < 0);
        Assert.Equal(RejectReason.InvalidValue, reason);
        Assert.Contains("does not match subject 'ticks.raw.QQQ'", detail, StringComparison.Ordinal);
    }
}
