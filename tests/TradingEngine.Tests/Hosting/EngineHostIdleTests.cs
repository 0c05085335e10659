using TradingEngine.Engine.Hosting;
using TradingEngine.Hosting;
using TradingEngine.Journal;
using TradingEngine.Ring;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting;

/// <summary>
/// A quiet market must still reach the consumers' idle work: the database sink hands its last partly filled chunk to
/// its writer, an interval journal syncs its last frames, on <see cref="IEventHandler{T}.OnTimeout"/>. The host's ring
/// threads used to wait without a timeout under every wait strategy, so that call never came and the last rows of a
/// burst stayed in memory until the next event (or the stop).
/// </summary>
public sealed class EngineHostIdleTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-host-idle-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData("blocking")]
    [InlineData("sleeping")]
    [InlineData("yielding")]
    [InlineData("busy-spin")]
    public async Task Every_consumer_thread_hears_that_its_ring_went_quiet_whatever_its_wait_strategy(string? wait)
    {
        var profile = wait is null ? null : DeploymentProfile.Parse(new StringReader($"""
            name: test
            default_wait: blocking
            threads:
              - name: journaler
                wait: {wait}
              - name: sink
                wait: {wait}
              - name: publisher
                wait: {wait}
            """), "profile.yaml");
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var idle = TimeSpan.FromMilliseconds(50);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, RingSize = 256, Profile = profile, IdleInterval = idle });
        var consumer = new IdleCountingConsumer();
        host.Start([consumer]);
        try
        {
            await host.AddSourceAsync(new ListInputSource(TwoExecutorEngine.Ticks(symbols, 200)), TestContext.Current.CancellationToken);
            Assert.True(host.Inputs.All(i => i.WaitUntilDrained(TimeSpan.FromSeconds(30))));
            Assert.True(host.Outputs.All(o => o.WaitUntilDrained(TimeSpan.FromSeconds(30))));
            Assert.True(consumer.Sink.Events > 0);
            Assert.Equal(consumer.Sink.Events, consumer.Publisher.Events);
            // silence from here: both consumer threads of the output ring must be told, more than once
            var (sink, publisher) = (consumer.Sink.Timeouts, consumer.Publisher.Timeouts);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((consumer.Sink.Timeouts < sink + 3 || consumer.Publisher.Timeouts < publisher + 3) && DateTime.UtcNow < deadline)
                await Task.Delay(10, TestContext.Current.CancellationToken);
            Assert.True(consumer.Sink.Timeouts >= sink + 3, $"the sink thread ({wait ?? "ring default"}) was told of the quiet ring {consumer.Sink.Timeouts - sink} times");
            Assert.True(consumer.Publisher.Timeouts >= publisher + 3, $"the publisher thread ({wait ?? "ring default"}) was told of the quiet ring {consumer.Publisher.Timeouts - publisher} times");
        }
        finally
        {
            Assert.True(await host.StopAsync());
        }
    }

    [Fact]
    public void The_idle_interval_must_be_positive()
    {
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, IdleInterval = TimeSpan.Zero }));
        Assert.Contains("IdleInterval", error.Message);
    }

    [Fact]
    public async Task An_interval_journal_syncs_its_last_frames_while_the_market_is_quiet()
    {
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(TwoExecutorEngine.Config(), symbols);
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions
        {
            JournalDirectory = _dir.FullName, RingSize = 256, Fsync = JournalFsyncPolicy.Interval, IdleInterval = TimeSpan.FromMilliseconds(50),
        });
        host.Start([new IdleCountingConsumer()]);
        try
        {
            await host.AddSourceAsync(new ListInputSource(TwoExecutorEngine.Ticks(symbols, 300)), TestContext.Current.CancellationToken);
            Assert.True(host.Inputs.All(i => i.WaitUntilDrained(TimeSpan.FromSeconds(30))));
            // the journals' default interval is 100 ms: within seconds, with no further event, everything written is durable
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (host.Journals.Any(j => j.DurableSequence.Value < 300) && DateTime.UtcNow < deadline)
                await Task.Delay(20, TestContext.Current.CancellationToken);
            Assert.All(host.Journals, j => Assert.Equal(300, j.DurableSequence.Value));
        }
        finally
        {
            Assert.True(await host.StopAsync());
        }
    }

    private sealed class Tally
    {
        private long _timeouts;
        private long _events;

        public long Timeouts => Volatile.Read(ref _timeouts);

        public long Events => Volatile.Read(ref _events);

        public void Timeout() => Interlocked.Increment(ref _timeouts);

        public void Event() => Interlocked.Increment(ref _events);
    }

    /// <summary>Two threads on the output ring named like the profile's sink and publisher, counting events and idle calls.</summary>
    private sealed class IdleCountingConsumer : IOutputConsumer
    {
        public Tally Sink { get; } = new();

        public Tally Publisher { get; } = new();

        public string Name => "idle";

        public OutputOverflow Overflow => OutputOverflow.Wait;

        public void Attach(OutputAttachment attachment)
        {
            attachment.Output.Add(new TallyHandler(Sink), attachment.Thread("sink"));
            attachment.Output.Add(new TallyHandler(Publisher), attachment.Thread("publisher"));
        }

        public ValueTask StopAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly struct TallyHandler(Tally tally) : IEventHandler<OutputMessage>
    {
        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch) => tally.Event();

        public void OnTimeout(long sequence) => tally.Timeout();

        public void OnShutdown()
        {
        }
    }
}
