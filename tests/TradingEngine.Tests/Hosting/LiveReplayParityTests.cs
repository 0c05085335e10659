using TradingEngine.Hosting;
using CsCheck;
using TradingEngine.Cli;
using TradingEngine.Engine.Runtime;
using TradingEngine.Engine.Simulation;
using TradingEngine.Journal;
using TradingEngine.Ring;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting;

/// <summary>
/// One fixture, two drivers: the same events through the live path (input ring → executor → output ring, on the
/// ring's threads) and through a journal replay (journal → in-memory driver) give the same output messages, in the
/// same order, for random sessions; and two replays of a random journal agree. A replay as <c>te replay</c> runs it
/// ends with the end-of-data event, which the live engine (still running) never sees: compared with live, its output
/// is the live output followed by what the end of data caused, which starts at the first candle marked end of data.
/// </summary>
public sealed class LiveReplayParityTests
{
    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    [Fact]
    public void Live_ring_path_and_journal_replay_emit_identical_outputs_for_random_sessions()
    {
        Gen.Select(Gen.ULong, Gen.Int[500, 6_000]).Sample((seed, ticks) =>
        {
            var options = new SyntheticSessionOptions { Seed = seed, TickCount = ticks };
            var dir = Directory.CreateTempSubdirectory("te-parity-");
            try
            {
                var live = RunLive(options, dir.FullName);
                var replayA = RunReplay(dir.FullName, endOfData: false);
                var replayB = RunReplay(dir.FullName, endOfData: false);
                Assert.True(live.Count > 0);
                Assert.Equal(OutputCollector.Bytes(live), OutputCollector.Bytes(replayA));
                Assert.Equal(OutputCollector.Bytes(replayA), OutputCollector.Bytes(replayB));

                // te replay's end of input: the forming candles close, marked, and only after everything live emitted
                var ended = RunReplay(dir.FullName, endOfData: true);
                var (beforeEnd, fromEnd) = SplitAtEndOfData(ended);
                Assert.Equal(OutputCollector.Bytes(live), OutputCollector.Bytes(beforeEnd));
                Assert.NotEmpty(fromEnd);
                Assert.DoesNotContain(live, m => m.Kind == MessageType.Candle && m.Candle.IsEndOfData);
                var endCandles = fromEnd.Where(m => m.Kind == MessageType.Candle).ToList();
                Assert.All(endCandles, m => Assert.Equal(CandleFlags.Closed | CandleFlags.EndOfData, m.Candle.Flags));
                // one per timeframe of es_futures.yaml (every one has a candle forming after a session of trades)
                Assert.Equal(EngineFactory.CreateExecutor(Repo("pipelines/es_futures.yaml"), Repo("pipelines/instruments.yaml"), ["ES"], new SymbolRegistry()).Dag.Timeframes.Length,
                    endCandles.Count);
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }, iter: 6, threads: 1);
    }

    /// <summary>The live topology of te run, journaling the input beside the executor.</summary>
    private static List<OutputMessage> RunLive(SyntheticSessionOptions options, string journalDir)
    {
        var symbols = new SymbolRegistry();
        var (executor, _, instruments) = EngineFactory.CreateExecutor(Repo("pipelines/es_futures.yaml"), Repo("pipelines/instruments.yaml"), ["ES"], symbols);
        var collected = new List<OutputMessage>();
        var output = new RingPipeline<OutputMessage>(RingBuffer<OutputMessage>.CreateSingleProducer(1 << 14, new BlockingWaitStrategy()));
        output.Add(new OutputCollector(collected), new ProcessorOptions { Name = "parity-collector" });
        var input = new RingPipeline<MarketEvent>(RingBuffer<MarketEvent>.CreateSingleProducer(1 << 12, new BlockingWaitStrategy()));
        using var journal = JournalWriter.Open(journalDir, symbols);
        input.Add(new Journaler(journal), new ProcessorOptions { Name = "parity-journaler" });
        input.Add(new ExecutorRingHandler<OutputRingSink>(executor, input.Ring, new OutputRingSink(output.Ring)), new ProcessorOptions { Name = "parity-executor" });
        output.Start();
        input.Start();
        var session = new SyntheticSession(options, instruments["ES"].Id);
        while (session.TryNext(out var e))
        {
            var sequence = input.Ring.Next();
            input.Ring[sequence] = e;
            input.Ring.Publish(sequence);
        }
        Assert.True(input.Shutdown(TimeSpan.FromSeconds(30)), "the input ring drained");
        Assert.True(output.Shutdown(TimeSpan.FromSeconds(30)), "the output ring drained");
        return collected;
    }

    /// <summary>
    /// A live-versus-replay comparison leaves out what the end of data caused: everything from the first candle marked
    /// <see cref="CandleFlags.EndOfData"/> on (the end-of-data event emits its candles first, then the DAG walk they fire).
    /// </summary>
    private static (List<OutputMessage> Before, List<OutputMessage> From) SplitAtEndOfData(List<OutputMessage> replay)
    {
        var first = replay.FindIndex(m => m.Kind == MessageType.Candle && m.Candle.IsEndOfData);
        return first < 0 ? (replay, []) : (replay[..first], replay[first..]);
    }

    private static List<OutputMessage> RunReplay(string journalDir, bool endOfData)
    {
        var symbols = new SymbolRegistry();
        using var reader = new JournalReader(journalDir, symbols);
        var (executor, _, _) = EngineFactory.CreateExecutor(Repo("pipelines/es_futures.yaml"), Repo("pipelines/instruments.yaml"), ["ES"], symbols);
        var collected = new List<OutputMessage>();
        var output = new RingPipeline<OutputMessage>(RingBuffer<OutputMessage>.CreateSingleProducer(1 << 14, new BlockingWaitStrategy()));
        output.Add(new OutputCollector(collected), new ProcessorOptions { Name = "parity-collector" });
        output.Start();
        var driver = new InMemoryDriver<OutputRingSink>(executor, new OutputRingSink(output.Ring));
        var batch = new MarketEvent[64];
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
        if (endOfData)
            driver.EndOfData();
        Assert.True(output.Shutdown(TimeSpan.FromSeconds(30)), "the output ring drained");
        return collected;
    }
}
