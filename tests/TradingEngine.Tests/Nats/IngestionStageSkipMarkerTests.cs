using CsCheck;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Tests.Nats;

/// <summary>
/// The ingestion decodes straight into the claimed slot of the symbol's ring: a message rejected after its slot was
/// claimed is published as a <see cref="MarketEventKind.Skip"/> marker (counted), never as an event, and nothing is
/// lost or reordered, whatever the mix of good and bad messages, rings, stages and flush points.
/// </summary>
public sealed class IngestionStageSkipMarkerTests
{
    // what a generated message is: 0 a valid tick, 1 stamped 2099, 2 zero size, 3 malformed JSON
    private static readonly RejectReason[] Faults = [RejectReason.None, RejectReason.FutureTimestamp, RejectReason.ZeroSize, RejectReason.MalformedJson];
    private static readonly string[] Names = ["SPY", "QQQ", "ZZZ"]; // ZZZ: not registered, so no ring takes it

    [Fact]
    public void Every_message_lands_in_its_rings_order_as_an_event_or_a_counted_skip_marker_and_none_is_lost()
    {
        var op = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 9]);
        op.Array[1, 300].Sample(ops =>
        {
            var (symbols, instruments) = TwoSymbols();
            var rings = new[] { RingBuffer<MarketEvent>.CreateMultiProducer(1024), RingBuffer<MarketEvent>.CreateMultiProducer(1024) };
            var routes = new RingRoutes<MarketEvent>(rings, [new(symbols.GetOrAdd("SPY").Value, 0), new(symbols.GetOrAdd("QQQ").Value, 1)]);
            var counters = new IngestionCounters();
            // two stages on the same rings, as two subscription loops: their claims interleave
            var stages = Enumerable.Range(0, 2).Select(_ => new IngestionStage(routes, symbols, counters, new JsonInputDecoder(symbols, instruments), new BinaryInputDecoder(),
                new IngestionOptions { Instruments = instruments })).ToArray();
            var expected = new[] { new List<(MarketEventKind Kind, long Source)>(), new List<(MarketEventKind Kind, long Source)>() };
            var start = UtcNanos.Now() - UtcNanos.PerMinute;
            long skips = 0, accepted = 0;
            for (var i = 0; i < ops.Length; i++)
            {
                var (symbol, fault, stage, flush) = ops[i];
                var json = Faults[fault] switch
                {
                    RejectReason.FutureTimestamp => InputSamples.TickJson("2099-01-01T00:00:00Z", symbol: Names[symbol]),
                    RejectReason.ZeroSize => InputSamples.TickJson(UtcNanos.ToIso8601(start + i * UtcNanos.PerMillisecond), size: "0", symbol: Names[symbol]),
                    RejectReason.MalformedJson => InputSamples.TickJson(symbol: Names[symbol])[..40],
                    _ => InputSamples.TickJson(UtcNanos.ToIso8601(start + i * UtcNanos.PerMillisecond), symbol: Names[symbol]),
                };
                var admitted = stages[stage].Stage(NatsSubjects.TicksRaw(Names[symbol]), InputSamples.Utf8(json), i + 1, out var ring, out var reason, out var detail);
                if (symbol == 2)
                {
                    // the symbol names no ring: rejected before any claim, for its decode fault first
                    Assert.False(admitted);
                    Assert.Equal(-1, ring);
                    Assert.Equal(fault == 3 ? RejectReason.MalformedJson : RejectReason.UnknownSymbol, reason);
                }
                else if (fault == 0)
                {
                    Assert.True(admitted, $"{reason}: {detail}");
                    expected[symbol].Add((MarketEventKind.Tick, i + 1));
                    accepted++;
                }
                else
                {
                    Assert.False(admitted);
                    Assert.Equal(Faults[fault], reason);
                    Assert.Equal(symbol, ring);
                    expected[symbol].Add((MarketEventKind.Skip, 0));
                    skips++;
                }
                if (flush == 0)
                    stages[stage].Flush();
            }
            foreach (var s in stages)
                s.Flush();
            for (var r = 0; r < 2; r++)
            {
                var ring = rings[r];
                Assert.Equal(expected[r].Count - 1, ring.Cursor.Value);
                var seen = new List<(MarketEventKind, long)>();
                for (long s = 0; s <= ring.Cursor.Value; s++)
                {
                    Assert.True(ring.IsPublished(s), $"ring {r} slot {s} is claimed but never published");
                    seen.Add((ring[s].Kind, ring[s].SourceSequence));
                    if (ring[s].Kind == MarketEventKind.Tick)
                        Assert.Equal(routes.Rings[r], routes[routes.IndexOf(ring[s].Symbol.Value)]);
                }
                Assert.Equal(expected[r], seen);
            }
            Assert.Equal(accepted, counters.Accepted(MarketEventKind.Tick));
            Assert.Equal(skips, counters.SkipMarkers);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public async Task A_ring_smaller_than_a_batch_with_its_consumer_running_gets_every_event_in_order_and_every_skip_marker()
    {
        // 16 slots: the stage fills it and must publish what it holds before it waits for the consumer (else both wait)
        var (symbols, instruments) = InputSamples.Registries();
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(16, new BlockingWaitStrategy());
        var seen = new List<(MarketEventKind Kind, long Source)>();
        var pipeline = new RingPipeline<MarketEvent>(ring);
        pipeline.Add(new Recorder(seen));
        pipeline.Start();
        var counters = new IngestionCounters();
        var stage = new IngestionStage(ring, symbols, counters, new JsonInputDecoder(symbols, instruments), new BinaryInputDecoder(), new IngestionOptions { Instruments = instruments });
        var start = UtcNanos.Now() - UtcNanos.PerMinute;
        var expected = new List<(MarketEventKind, long)>();
        var run = Task.Run(() =>
        {
            for (var i = 1; i <= 600; i++)
            {
                var bad = i % 3 == 0;
                var json = InputSamples.TickJson(UtcNanos.ToIso8601(start + i * UtcNanos.PerMillisecond), size: bad ? "0" : "100");
                Assert.Equal(!bad, stage.Stage(InputSamples.TickSubject, InputSamples.Utf8(json), i, out _, out _));
                expected.Add(bad ? (MarketEventKind.Skip, 0) : (MarketEventKind.Tick, i));
                if (i % 40 == 0)
                    stage.Flush();
            }
            stage.Flush();
        }, TestContext.Current.CancellationToken);
        // a stage that waited for slots it held itself would never finish
        await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(10)));
        Assert.Equal(expected, seen);
        Assert.Equal(200, counters.SkipMarkers);
        Assert.Equal(400, counters.Accepted(MarketEventKind.Tick));
        Assert.True(counters.RingFullWaits > 0, "the test never filled the ring");
    }

    private static (SymbolRegistry, InstrumentRegistry) TwoSymbols()
    {
        var symbols = new SymbolRegistry();
        var calendar = new InstrumentSession("America/New_York", new TimeOnly(9, 30), new TimeOnly(16, 0), new TimeOnly(9, 30));
        Instrument Of(string name) => new(symbols.GetOrAdd(name), name, Price.Parse("0.01"), 4, 0, 1m, "USD", calendar, priceBand: new PriceBandRule(maxJumpPpm: 100_000));
        return (symbols, new InstrumentRegistry(symbols, [Of("SPY"), Of("QQQ")], UnknownSymbolPolicy.Reject));
    }

    private readonly struct Recorder(List<(MarketEventKind, long)> into) : IEventHandler<MarketEvent>
    {
        public void OnStart() { }
        public void OnBatchStart(long batchSize) { }
        public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch) => into.Add((evt.Kind, evt.SourceSequence));
        public void OnTimeout(long sequence) { }
        public void OnShutdown() { }
    }
}
