using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Replay;
using TradingEngine.Journal;
using TradingEngine.Ring;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting;

/// <summary>
/// The host's two drivers of one engine: live (<see cref="EngineHost.Start"/>: a source → each executor's input ring,
/// journaled) and replay (<see cref="EngineHost.InMemory{TSink}"/>: each executor's journal → the same executors by the
/// same symbol → executor table, on one thread). Replayed from the live run's own journals, every symbol gets the outputs
/// it got live, then the end-of-data candles.
/// </summary>
public sealed class InMemoryEngineDriverTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-host-replay-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Replay_through_the_host_gives_every_symbol_its_live_outputs_then_the_end_of_data_candles()
    {
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, RingSize = 1024 });
        var live = new CollectingConsumer();
        host.Start([live]);
        await host.AddSourceAsync(new ListInputSource(TwoExecutorEngine.Ticks(symbols, 600, stepSeconds: 7)), TestContext.Current.CancellationToken);
        Assert.True(await host.StopAsync());
        await host.StopConsumersAsync();

        // replay as te replay --journal DIR --config does: a fresh engine, each executor's journal in turn
        var replaySymbols = new SymbolRegistry();
        var replayEngines = EngineSet.Create(TwoExecutorEngine.Config(), replaySymbols);
        var collected = new List<OutputMessage>();
        var output = new RingPipeline<OutputMessage>(RingBuffer<OutputMessage>.CreateSingleProducer(1 << 14, new BlockingWaitStrategy()));
        output.Add(new OutputCollector(collected), new ProcessorOptions { Name = "replay-collector" });
        output.Start();
        var driver = EngineHost.InMemory(replayEngines, _ => new OutputRingSink(output.Ring));
        var journals = ReplayRunner.ExecutorJournals(_dir.FullName, replayEngines);
        Assert.Equal(2, journals.Count);
        foreach (var journal in journals)
        {
            using var reader = new JournalReader(journal, replaySymbols);
            var batch = new MarketEvent[256];
            var n = 0;
            while (reader.TryRead(out var e))
            {
                // the live run saw each event with the source sequence it had then; a journal gives its own sequence
                e.SourceSequence = reader.SourceSequenceAtWrite;
                batch[n++] = e;
                if (n == batch.Length)
                {
                    driver.Feed(batch);
                    n = 0;
                }
            }
            driver.Feed(batch.AsSpan(0, n));
        }
        driver.EndOfData();
        Assert.True(output.Shutdown(TimeSpan.FromSeconds(30)), "the output ring drained");

        Assert.Equal(0, driver.Unrouted);
        foreach (var name in new[] { "ES", "SPY" })
        {
            // the live output ring interleaves the two executors as their threads ran; each symbol's own order is exact
            var liveOf = live.Messages.Where(m => symbols.NameOf(m.Symbol) == name).ToList();
            var replayOf = collected.Where(m => replaySymbols.NameOf(m.Symbol) == name).ToList();
            var endOfData = replayOf.FindIndex(m => m.Kind == MessageType.Candle && m.Candle.IsEndOfData);
            Assert.True(liveOf.Count > 100, $"{name}: {liveOf.Count} live outputs");
            Assert.True(endOfData > 0, $"{name}: the end of data closed the forming candles");
            Assert.Equal(OutputCollector.Bytes(liveOf), OutputCollector.Bytes(replayOf[..endOfData]));
        }
        // the end-of-data candles come last, executor by executor in engine order (fut's ES, then eq's SPY)
        var firstEnd = collected.FindIndex(m => m.Kind == MessageType.Candle && m.Candle.IsEndOfData);
        Assert.All(collected[firstEnd..].Where(m => m.Kind == MessageType.Candle), m => Assert.True(m.Candle.IsEndOfData));
        Assert.Equal(["ES", "SPY"], collected[firstEnd..].Select(m => replaySymbols.NameOf(m.Symbol)).Distinct());
    }

    [Fact]
    public void Each_event_reaches_the_executor_owning_its_symbol_and_unowned_symbols_are_counted()
    {
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var other = symbols.GetOrAdd("NQ");
        var events = TwoExecutorEngine.Ticks(symbols, 300);
        // an unowned symbol in the middle of a run of the other executor's events
        events.Insert(101, MarketEvent.FromTick(Tick.Create(other, TwoExecutorEngine.Start, new Price(1_600_000, 2), new Quantity(1, 0))));
        events.Insert(102, MarketEvent.FromTick(Tick.Create(other, TwoExecutorEngine.Start, new Price(1_600_000, 2), new Quantity(1, 0))));
        var driver = EngineHost.InMemory(engines, _ => default(NullSink));
        var diagnostics = new ReplayDiagnostics(engines, symbols);
        foreach (var e in events)
            diagnostics.Observe(in e);
        driver.Feed(events.ToArray());
        driver.EndOfData();

        Assert.Equal(2, driver.Unrouted);
        foreach (var e in engines.Executors)
        {
            var counters = e.Executor.Counters.Sample();
            Assert.Equal((300L, 300L, 0L), (counters.Events, counters.Ticks, counters.UnknownSymbols));
        }
        var notSelected = Assert.Single(diagnostics.Drops(driver.Unrouted), d => d.Reason.StartsWith("not selected", StringComparison.Ordinal));
        Assert.Equal(2, notSelected.Count);
        Assert.Equal(engines.SymbolRoutes.Select(r => (r.Key, r.Value)), [(symbols.GetOrAdd("ES").Value, 0), (symbols.GetOrAdd("SPY").Value, 1)]);
        Assert.Equal(-1, engines.ExecutorIndexOf(other));
    }

    /// <summary>Every output of the host's output ring, on one consumer thread.</summary>
    private sealed class CollectingConsumer : IOutputConsumer
    {
        public List<OutputMessage> Messages { get; } = [];

        public string Name => "collect";

        public OutputOverflow Overflow => OutputOverflow.Wait;

        public void Attach(OutputAttachment attachment) => attachment.Output.Add(new OutputCollector(Messages), attachment.Thread("collector"));

        public ValueTask StopAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly struct NullSink : IOutputSink
    {
        public void OnNodeOutput(in NodeOutput output) { }
        public void OnMessage(in OutputMessage message) { }
        public void OnCandleClosed(in Candle candle, long sourceSequence) { }
        public void OnEndOfBatch() { }
    }
}
