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
        _stage = new IngestionStage(_ring, _symbols, _counters, new JsonInputDecoder(_symbols, instruments), new BinaryInputDecoder(), new IngestionOptions { Instruments = instruments });
    }

    private long Tick(string timestamp = InputSamples.T0, string price = "167.42", string size = "100") =>
        _stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson(timestamp, price, size)), 0, out _, out _);

    private (RejectReason Reason, string? Detail) Refused(string timestamp = InputSamples.T0, string price = "167.42", string size = "100")
    {
        var seq = _stage.Admit(InputSamples.TickSubject, InputSamples.Utf8(InputSamples.TickJson(timestamp, price, size)), 0, out var reason, out var detail);
        Assert.True(seq < 0, $"admitted at {timestamp} {price} x {size}");
        return (reason, detail);
    }

    [Fact]
    public void A_burst_larger_than_a_small_ring_is_published_in_ranges_no_larger_than_the_ring()
    {
        // a 16-slot ring (no consumer gates it, so it wraps): 40 ticks staged at once used to be claimed as one range
        // of 40, which a 16-slot ring refuses (the subscription loop died with it)
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(16);
        var (symbols, instruments) = InputSamples.Registries();
        var stage = new IngestionStage(ring, symbols, _counters, new JsonInputDecoder(symbols, instruments), new BinaryInputDecoder(), new IngestionOptions { Instruments = instruments });
        var now = UtcNanos.Now() - UtcNanos.PerMinute;
        for (var i = 0; i < 40; i++)
        {
            var json = InputSamples.Utf8(InputSamples.TickJson(UtcNanos.ToIso8601(now + i * UtcNanos.PerMillisecond)));
            Assert.True(stage.Stage(InputSamples.TickSubject, json, 0, out var reason, out var detail), $"{reason}: {detail}");
        }
        stage.Flush();
        Assert.Equal(40, _counters.Accepted(MarketEventKind.Tick));
        Assert.Equal(39, ring.Cursor.Value);
    }

    [Fact]
    public void A_tick_stamped_2099_is_refused_and_does_not_block_the_real_ticks_after_it()
    {
        var now = UtcNanos.Now();
        Assert.True(Tick(UtcNanos.ToIso8601(now)) >= 0);
        var (reason, detail) = Refused("2099-01-01T00:00:00Z");
        Assert.Equal(RejectReason.FutureTimestamp, reason);
        Assert.Contains("ahead of the engine clock", detail, StringComparison.Ordinal);
        for (var i = 1; i <= 5; i++)
            Assert.True(Tick(UtcNanos.ToIso8601(now + i * 100 * UtcNanos.PerMillisecond)) >= 0, $"real tick {i} after the 2099 one");
        Assert.True(Tick(UtcNanos.ToIso8601(UtcNanos.Now() + 3 * UtcNanos.PerSecond)) >= 0); // within the 5 s skew
        Assert.Equal(7, _counters.Accepted(MarketEventKind.Tick));
    }

    [Fact]
    public void The_clock_skew_comes_from_the_registry_unless_the_options_say_otherwise()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Parse("max_clock_skew: 500ms\ninstruments:\n  - symbol: SPY\n    tick_size: 0.01\n    price_precision: 4\n    session: { time_zone: Etc/UTC, open: \"00:00\", close: \"00:00\" }\n", "x.yaml", symbols);
        var strict = new IngestionStage(_ring, symbols, _counters, new JsonInputDecoder(symbols, registry), new BinaryInputDecoder(), new IngestionOptions { Instruments = registry });
        var lenient = new IngestionStage(_ring, symbols, _counters, new JsonInputDecoder(symbols, registry), new BinaryInputDecoder(),
            new IngestionOptions { Instruments = registry, MaxClockSkew = TimeSpan.FromSeconds(30) });
        var inTwoSeconds = InputSamples.Utf8(InputSamples.TickJson(UtcNanos.ToIso8601(UtcNanos.Now() + 2 * UtcNanos.PerSecond)));

        Assert.True(strict.Admit(InputSamples.TickSubject, inTwoSeconds, 0, out var reason, out _) < 0);
        Assert.Equal(RejectReason.FutureTimestamp, reason);
        Assert.True(lenient.Admit(InputSamples.TickSubject, inTwoSeconds, 0, out reason, out var detail) >= 0, $"{reason}: {detail}");
    }

    [Fact]
    public void A_9e14_print_on_SPY_is_refused_and_the_session_trades_on()
    {
        Assert.True(Tick("2013-10-08T13:30:00Z", "167.42") >= 0);
        var (reason, detail) = Refused("2013-10-08T13:30:05Z", "900000000000000");
        Assert.Equal(RejectReason.PriceOutOfBand, reason);
        Assert.Contains("from the reference 167.42", detail, StringComparison.Ordinal);
        // the refused print did not move the order watermark: a tick 4.5 s before its time (beyond the 1 s tolerance) passes
        Assert.True(Tick("2013-10-08T13:30:00.5Z", "167.43") >= 0);
        Assert.True(Tick("2013-10-08T13:30:02Z", "167.44") >= 0);
        Assert.Equal(3, _counters.Accepted(MarketEventKind.Tick));
    }

    [Fact]
    public void A_gapped_open_reanchors_after_three_agreeing_trades()
    {
        Assert.True(Tick("2013-10-08T19:59:59Z", "167.40") >= 0);
        Assert.Equal(RejectReason.PriceOutOfBand, Refused("2013-10-09T13:30:00Z", "190.00").Reason);
        Assert.Equal(RejectReason.PriceOutOfBand, Refused("2013-10-09T13:30:00.1Z", "190.05").Reason);
        Assert.True(Tick("2013-10-09T13:30:00.2Z", "190.10") >= 0);
        for (var i = 1; i <= 10; i++)
            Assert.True(Tick($"2013-10-09T13:30:{i:00}Z", (190.10m + i * 0.01m).ToString(System.Globalization.CultureInfo.InvariantCulture)) >= 0);
    }

    [Fact]
    public void Admitting_ticks_through_the_clock_skew_order_and_trade_checks_allocates_nothing()
    {
        var subject = InputSamples.TickSubject;
        var payload = InputSamples.Utf8(InputSamples.TickJson());
        for (var i = 0; i < 200; i++)
            Assert.True(_stage.Admit(subject, payload, i, out _, out _) >= 0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            _stage.Admit(subject, payload, i, out _, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_200, _counters.Accepted(MarketEventKind.Tick));
    }

    [Fact]
    public void A_zero_size_trade_is_refused()
    {
        var (reason, detail) = Refused(size: "0");
        Assert.Equal(RejectReason.ZeroSize, reason);
        Assert.Contains("size 0", detail, StringComparison.Ordinal);
        Assert.True(Tick() >= 0); // and its time did not count: the same tick with a size passes
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
    public void Every_rejection_class_is_rejected_with_its_reason_and_a_detail_and_only_skip_markers_reach_the_ring()
    {
        // decoded straight into the claimed slot: a message rejected after the claim leaves a skip marker there; the
        // size, subject and symbol checks come before the claim and take no slot
        var beforeClaim = new HashSet<RejectReason> { RejectReason.OversizedPayload, RejectReason.UnknownSymbol };
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
        var skips = InputSamples.BadMessages().Count(m => !beforeClaim.Contains(m.Reason));
        Assert.Equal(published + skips, _ring.Cursor.Value);
        for (var s = published + 1; s <= _ring.Cursor.Value; s++)
        {
            Assert.True(_ring.IsPublished(s));
            Assert.Equal(MarketEventKind.Skip, _ring[s].Kind);
            Assert.True(_ring[s].Symbol.IsNone);
        }
        Assert.Equal(skips, _counters.SkipMarkers);
        Assert.Equal(1, _counters.Accepted(MarketEventKind.Tick));
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
