using TradingEngine.Engine.Hosting;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting;
using TradingEngine.Journal;
using TradingEngine.Ring;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting;

/// <summary>
/// <see cref="EngineHost"/> without NATS: a test input source and a counting output consumer plug in through the same
/// interfaces as the NATS ones. One input ring and one journal per executor, routed by symbol; each thread waits the
/// way the deployment profile says.
/// </summary>
public sealed class EngineHostTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-host-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Each_executor_gets_only_its_symbols_through_its_own_ring_and_journal()
    {
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var events = TwoExecutorEngine.Ticks(symbols, 500);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, RingSize = 256 });
        var outputs = new CountingConsumer();
        host.Start([outputs]);
        var source = new ListInputSource(events);
        await host.AddSourceAsync(source, TestContext.Current.CancellationToken);
        Assert.True(await host.StopAsync());
        await host.StopConsumersAsync();

        Assert.Equal(2, host.Inputs.Count);
        Assert.NotSame(host.Inputs[0].Ring, host.Inputs[1].Ring);
        var es = symbols.GetOrAdd("ES");
        var spy = symbols.GetOrAdd("SPY");
        Assert.Equal(0, host.Routes!.IndexOf(es.Value));
        Assert.Equal(1, host.Routes.IndexOf(spy.Value));
        foreach (var (e, symbol) in new[] { (engines.Executors[0], es), (engines.Executors[1], spy) })
        {
            var counters = e.Executor.Counters.Sample();
            Assert.Equal((500L, 500L, 0L), (counters.Events, counters.Ticks, counters.UnknownSymbols));
            // the executor's journal is its own subdirectory and holds its symbols only
            using var reader = new JournalReader(Path.Combine(_dir.FullName, e.Config.Name), new SymbolRegistry());
            var read = 0;
            while (reader.TryRead(out var journaled))
            {
                Assert.Equal(symbols.NameOf(symbol), reader.Symbols.NameOf(journaled.Symbol));
                read++;
            }
            Assert.Equal(500, read);
        }
        Assert.True(outputs.Count > 0, "the executors published outputs into the output ring");
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tej")); // nothing journaled at the root: one journal per ring
    }

    [Fact]
    public async Task Every_thread_waits_the_way_the_deployment_profile_names_it()
    {
        var profile = DeploymentProfile.Parse(new StringReader("""
            name: test
            default_wait: blocking
            threads:
              - name: executor:fut
                wait: yielding
              - name: executor:*
                wait: sleeping
              - name: journaler
                wait: sleeping
              - name: sink
                wait: yielding
            """), "profile.yaml");
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, Profile = profile });
        var outputs = new CountingConsumer();
        host.Start([outputs]);
        try
        {
            // each thread reports its own strategy; the rings wake every blocking one (PerThreadWaitStrategy)
            string Describe(IEventProcessor p) => $"{p.Name}={p.WaitStrategy.GetType().Name}";
            Assert.Equal(["journaler=SleepingWaitStrategy", "executor:fut=YieldingWaitStrategy"], host.Inputs[0].Processors.Select(Describe));
            Assert.Equal(["journaler=SleepingWaitStrategy", "executor:eq=SleepingWaitStrategy"], host.Inputs[1].Processors.Select(Describe));
            Assert.Equal(["sink=YieldingWaitStrategy", "publisher=BlockingWaitStrategy"], host.Outputs[0].Processors.Select(Describe));
            Assert.All(host.Inputs, i => Assert.IsType<PerThreadWaitStrategy>(i.Ring.WaitStrategy));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Issue 21 item 4 under the committed profiles: each thread of a running host reads back the strategy its profile
    /// line names (first match in file order), so under bare-metal-8core only the ES executor busy-spins while the
    /// journaler yields, the publisher sleeps and the sink blocks; under dev-2core the publisher yields beside the cooperative executor while the journaler sleeps.
    /// Executors are named after their symbol here so the profiles' executor:ES line applies.
    /// </summary>
    [Theory]
    [InlineData("bare-metal-8core.yaml", "journaler=YieldingWaitStrategy executor:ES=BusySpinWaitStrategy", "journaler=YieldingWaitStrategy executor:SPY=YieldingWaitStrategy",
        "sink=BlockingWaitStrategy publisher=SleepingWaitStrategy")]
    [InlineData("dev-2core.yaml", "journaler=SleepingWaitStrategy executor:ES=CooperativeWaitStrategy", "journaler=SleepingWaitStrategy executor:SPY=CooperativeWaitStrategy",
        "sink=BlockingWaitStrategy publisher=YieldingWaitStrategy")]
    public async Task Every_thread_waits_the_way_each_committed_profile_names_it(string file, string esRing, string spyRing, string outputRing)
    {
        var profile = DeploymentProfile.Load(Path.Combine(TestData.RepositoryRoot(), "native-profiles", file));
        var symbols = new SymbolRegistry();
        var config = EngineConfigLoader.Parse(
            $"instruments: {Path.Combine(TwoExecutorEngine.Pipelines, "instruments.yaml")}\nexecutors:\n" +
            $"  - name: ES\n    symbols:\n      - symbol: ES\n        pipeline: {Path.Combine(TwoExecutorEngine.Pipelines, "es_futures.yaml")}\n" +
            $"  - name: SPY\n    symbols:\n      - symbol: SPY\n        pipeline: {Path.Combine(TwoExecutorEngine.Pipelines, "us_equity.yaml")}\n", "engine.yaml");
        var engines = EngineSet.Create(config, symbols);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, Profile = profile });
        host.Start([new CountingConsumer()]);
        try
        {
            string Describe(IEnumerable<IEventProcessor> processors) => string.Join(' ', processors.Select(p => $"{p.Name}={p.WaitStrategy.GetType().Name}"));
            Assert.Equal(esRing, Describe(host.Inputs[0].Processors));
            Assert.Equal(spyRing, Describe(host.Inputs[1].Processors));
            Assert.Equal(outputRing, Describe(host.Outputs[0].Processors));
            Assert.All(host.Inputs.Select(i => i.Ring.WaitStrategy).Concat(host.Outputs.Select(o => o.Ring.WaitStrategy)), wait => Assert.IsType<PerThreadWaitStrategy>(wait));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Issue 21 item 6 (lat21b): under dev-2core each executor yields core 1 to the threads pinned beside it (the
    /// publisher, another executor) when their rings hold work, and to nobody else (the journalers and the sink run on
    /// core 0); the host wires it as the pipeline suite measured it.
    /// </summary>
    [Fact]
    public async Task Under_dev_2core_each_executor_yields_its_core_only_to_the_threads_pinned_beside_it()
    {
        var profile = DeploymentProfile.Load(Path.Combine(TestData.RepositoryRoot(), "native-profiles", "dev-2core.yaml"));
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, Profile = profile });
        host.Start([new CountingConsumer()]);
        try
        {
            var executors = host.Inputs.Select(i => Assert.IsType<CooperativeWaitStrategy>(i.Processors.Single(p => p.Name.StartsWith("executor:", StringComparison.Ordinal)).WaitStrategy)).ToList();
            // core 1 holds both executors and the counting consumer's publisher thread; its sink thread and the journalers
            // run on core 0: each executor yields to the publisher and to the other executor, to nobody else
            Assert.All(executors, e => Assert.Equal(2, e.Mates));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_stalled_consumer_drops_its_own_outputs_counted_and_holds_back_neither_the_executors_nor_another_consumer()
    {
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var events = TwoExecutorEngine.Ticks(symbols, 2_000);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, RingSize = 64 });
        using var release = new ManualResetEventSlim(false);
        var stalled = new StalledConsumer(release);
        var counting = new CountingConsumer();
        host.Start([stalled, counting]);
        try
        {
            await host.AddSourceAsync(new ListInputSource(events), TestContext.Current.CancellationToken);
            // the executors run everything although the stalled consumer's 64-slot ring filled long ago
            Assert.True(host.Inputs.All(i => i.WaitUntilDrained(TimeSpan.FromSeconds(30))), "the executors were held back by a stalled consumer");
            Assert.All(engines.Executors, e => Assert.Equal(2_000L, e.Executor.Counters.Sample().Events));
            Assert.True(host.DroppedOutputs(0) > 0, "outputs the stalled consumer could not take are counted");
            Assert.Equal(0, host.DroppedOutputs(1));
        }
        finally
        {
            release.Set();
            Assert.True(await host.StopAsync());
        }
        // the other consumer got every output; the stalled one got what its ring held plus nothing dropped twice
        Assert.Equal(counting.Count, stalled.Count + host.DroppedOutputs(0));
        Assert.True(counting.Count > 64);
    }

    [Fact]
    public async Task A_consumer_held_for_less_than_the_configured_stall_timeout_loses_nothing_the_executors_wait_for_it()
    {
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var events = TwoExecutorEngine.Ticks(symbols, 2_000);
        // 400 ms without moving: four times the default timeout (it would drop), well inside this host's 10 s
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, RingSize = 64, OutputStallTimeout = TimeSpan.FromSeconds(10) });
        using var release = new ManualResetEventSlim(false);
        var held = new StalledConsumer(release);
        var counting = new CountingConsumer();
        host.Start([held, counting]);
        try
        {
            // the source blocks once the 64-slot input rings are full (the executors wait for the held consumer)
            var feeding = Task.Run(() => host.AddSourceAsync(new ListInputSource(events), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
            await Task.Delay(400, TestContext.Current.CancellationToken);
            Assert.Equal(0, held.Count); // still held: its ring is full and the executors wait
            release.Set();
            await feeding;
            Assert.True(host.Inputs.All(i => i.WaitUntilDrained(TimeSpan.FromSeconds(30))), "the executors did not finish after the consumer was released");
            Assert.All(engines.Executors, e => Assert.Equal(2_000L, e.Executor.Counters.Sample().Events));
        }
        finally
        {
            release.Set();
            Assert.True(await host.StopAsync());
        }
        Assert.Equal(0, host.DroppedOutputs(0));
        Assert.Equal(counting.Count, held.Count);
        Assert.True(counting.Count > 64);
    }

    [Fact]
    public void A_stall_timeout_must_be_positive()
    {
        Assert.Equal(OutputDrops.DefaultStallTimeout, new OutputDrops(1).StallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), new OutputDrops(1, TimeSpan.FromSeconds(2)).StallTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutputDrops(1, TimeSpan.Zero));
    }

    /// <summary>A consumer whose thread blocks on its first output until released (a NATS server stopped with SIGSTOP).</summary>
    private sealed class StalledConsumer(ManualResetEventSlim release) : IOutputConsumer
    {
        private readonly Counter _counter = new();

        public string Name => "stalled";

        public OutputOverflow Overflow => OutputOverflow.Drop;

        public long Count => Volatile.Read(ref _counter.Value);

        public void Attach(OutputAttachment attachment) => attachment.Output.Add(new StalledHandler(_counter, release), attachment.Thread("publisher"));

        public ValueTask StopAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly struct StalledHandler(Counter counter, ManualResetEventSlim release) : IEventHandler<OutputMessage>
    {
        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch)
        {
            release.Wait();
            Interlocked.Increment(ref counter.Value);
        }

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }

    /// <summary>Counts outputs on two consumer threads of the output ring (named like the profile's sink and publisher).</summary>
    private sealed class CountingConsumer : IOutputConsumer
    {
        private readonly Counter _counter = new();

        public string Name => "count";

        public OutputOverflow Overflow => OutputOverflow.Wait;

        public long Count => Volatile.Read(ref _counter.Value);

        public void Attach(OutputAttachment attachment)
        {
            attachment.Output.Add(new CountingHandler(_counter), attachment.Thread("sink"));
            attachment.Output.Add(new CountingHandler(new Counter()), attachment.Thread("publisher"));
        }

        public ValueTask StopAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Counter
    {
        public long Value;
    }

    private readonly struct CountingHandler(Counter counter) : IEventHandler<OutputMessage>
    {
        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch) => Interlocked.Increment(ref counter.Value);

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }
}
