using System.Buffers;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Recovery;

/// <summary>
/// <c>te run --jetstream</c> as a child process, killed with SIGKILL at random moments while real SPY trades and quotes
/// stream in without pause, restarted each time with <c>--recover</c>. The final journal must hold every published
/// message exactly once, in stream order, and what each run published must be a stretch of what a replay of that journal
/// publishes (the last run: up to its end). 3 rounds here; <c>TE_LONG=1</c> runs 10.
/// </summary>
public sealed class JetStreamKillRoundsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Symbol = "SPY";

    [Fact]
    public async Task JetStream_engine_killed_at_random_moments_under_continuous_publishing_loses_and_duplicates_nothing_and_publishes_what_a_replay_publishes()
    {
        var rounds = Environment.GetEnvironmentVariable("TE_LONG") == "1" ? 10 : 3;
        var dir = Directory.CreateTempSubdirectory("te-js-kill-").FullName;
        await using var server = await NatsServerProcess.StartAsync();
        TeChildProcess? run = null;
        using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task<long>? publishing = null;
        try
        {
            var setup = await JetStreamKillSetup.CreateAsync(dir, server.Url, "TE_KILL", "te-kill", 400_000, Ct);
            var (pipelinePath, instrumentsPath, journalDir, args, ticks, tickSymbols) = (setup.PipelinePath, setup.InstrumentsPath, setup.JournalDirectory, setup.Args, setup.Ticks, setup.TickSymbols);

            await using var client = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-js-kill-test" }.ToNatsOpts());
            await using var outputs = await PublicOutputRecorder.StartAsync(client, Symbol, Ct);
            var received = outputs.Received;

            var seed = Environment.TickCount;
            var random = new Random(seed);
            var starts = new List<long>();      // journal tail when each run started
            var boundaries = new List<int>();   // received.Count when each run ended
            var log = new StringBuilder($"seed {seed}, {rounds} kill rounds\n");
            for (var round = 0; round <= rounds; round++)
            {
                starts.Add(JournalTail.Read(journalDir).Sequence);
                run = await setup.StartAsync(round);
                // the stream and its durable exist now: messages published from here on have an interested consumer
                publishing ??= PublishAsync(client, ticks, tickSymbols, stopPublishing.Token);
                if (round == rounds)
                    break;
                var lifetime = TimeSpan.FromMilliseconds(random.Next(1_500, 4_500));
                await Task.Delay(lifetime, Ct);
                Assert.False(publishing.IsCompleted, "the publisher ran out of ticks before the last kill");
                run.Kill();
                await outputs.QuiesceAsync(Ct);
                boundaries.Add(received.Count);
                log.Append($"round {round + 1}: started at journal {starts[^1]}, killed after {lifetime.TotalMilliseconds:F0} ms at journal {JournalTail.Read(journalDir).Sequence}; " +
                    $"{run.Output.Split('\n').FirstOrDefault(l => l.Contains("recovered", StringComparison.Ordinal))?.Trim()}\n");
                run.Dispose();
            }

            // a second engine on the same stream and durable consumer refuses to start, naming the running one
            var second = TeChildProcess.Start([.. args.Select(a => a.StartsWith(dir, StringComparison.Ordinal) && (a == journalDir || a.EndsWith("snapshots", StringComparison.Ordinal)) ? a + "-second" : a)]);
            var exitCode = second.WaitForExit(TimeSpan.FromSeconds(90));
            Assert.True(exitCode == 2, $"the second engine exited with {exitCode}:\n{second.Output}");
            Assert.Contains("is already consumed by another engine", second.Output, StringComparison.Ordinal);
            Assert.Contains("consumer 'te-kill'", second.Output, StringComparison.Ordinal);
            second.Dispose();

            // the last run: publishing stops, everything the stream holds reaches the journal
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            await stopPublishing.CancelAsync();
            var published = await publishing!;
            var js = new NatsJSContext(client);
            var lastInStream = (long)(await js.GetStreamAsync("TE_KILL", cancellationToken: Ct)).Info.State.LastSeq;
            Assert.Equal(published, lastInStream);
            await Eventually.TrueAsync(() => JournalTail.Read(journalDir).SourceSequence == lastInStream,
                TimeSpan.FromSeconds(60), () => $"journal at stream sequence {JournalTail.Read(journalDir).SourceSequence} of {lastInStream}\n{run!.Output}");

            // 0 lost, 0 duplicated: the journal holds stream sequences 1..N, each once, in order
            var sequences = new List<long>();
            var gaps = 0;
            using (var reader = new JournalReader(journalDir, new SymbolRegistry()))
            {
                while (reader.TryRead(out var e))
                {
                    if (e.Kind == MarketEventKind.Gap)
                        gaps++;
                    else if (e.Kind != MarketEventKind.Timer) // the live clock's timers are no stream message
                        sequences.Add(reader.SourceSequenceAtWrite);
                }
            }
            var distinct = sequences.Distinct().Count();
            var lost = lastInStream - distinct;
            var duplicated = sequences.Count - distinct;
            log.Append($"published {published} (ticks and quotes), journaled {sequences.Count}: lost {lost}, duplicated {duplicated}, gap events {gaps}\n");
            TestContext.Current.SendDiagnosticMessage(log.ToString());
            TestContext.Current.TestOutputHelper?.WriteLine(log.ToString());
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicated);
            Assert.Equal(0, gaps);
            Assert.Equal(Enumerable.Range(1, (int)lastInStream).Select(i => (long)i), sequences);

            // what each run published is a stretch of the replay's outputs, per subject: a killed run's ends early (the rest died
            // with it), a recovered run's begins with the outputs after the last one known published (re-published, same ids),
            // and the last run's reaches the replay's end
            var replay = ReplayedOutputs.Split(pipelinePath, instrumentsPath, Symbol, journalDir, []).Single();
            var lastRunFrom = boundaries[^1];
            await Eventually.TrueAsync(() => received.Contains(replay[^1]),
                TimeSpan.FromSeconds(30), () => $"the last run did not publish the replay's last output\n{run!.Output}");
            await outputs.QuiesceAsync(Ct);
            var all = received.ToArray();
            for (var k = 0; k <= rounds; k++)
            {
                var from = k == 0 ? 0 : boundaries[k - 1];
                var to = k == rounds ? all.Length : boundaries[k];
                foreach (var group in all[from..to].GroupBy(l => l.Subject))
                {
                    var reference = replay.Where(e => e.Subject == group.Key).Select(e => e.Json).ToList();
                    var got = group.Select(g => g.Json).ToArray();
                    var first = reference.IndexOf(got[0]);
                    Assert.True(first >= 0, $"run {k}: {got[0]} on {group.Key} is not in the replay");
                    Assert.Equal(reference.Skip(first).Take(got.Length), got);
                    if (k == rounds)
                        Assert.Equal(reference.Count, first + got.Length);
                }
            }
            Assert.True(all.Length - lastRunFrom > 20, $"only {all.Length - lastRunFrom} outputs in the last run: the comparison would mean little");
        }
        finally
        {
            await stopPublishing.CancelAsync();
            if (publishing is not null)
                await publishing.ContinueWith(_ => { }, TaskScheduler.Default);
            run?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Publishes real trades to <c>ticks.raw.SPY</c> and, after every fourth, a quote to <c>quotes.raw.SPY</c>, about 3,000
    /// messages a second (<paramref name="rate"/>) over core NATS (the stream captures them; the server never goes away here) until cancelled.
    /// Returns how many were sent.
    /// </summary>
    internal static async Task<long> PublishAsync(NatsConnection connection, List<Tick> ticks, SymbolRegistry symbols, CancellationToken cancellationToken, double rate = 3000)
    {
        var json = new JsonMessageEncoder(symbols);
        var buffer = new ArrayBufferWriter<byte>(512);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sent = 0;
        try
        {
            await Task.Yield();
            for (var i = 0; i < ticks.Count; i++)
            {
                var tick = ticks[i];
                tick.ReceiveTime = 0;
                buffer.ResetWrittenCount();
                json.Encode(in tick, buffer);
                await connection.PublishAsync(NatsSubjects.TicksRaw(Symbol), buffer.WrittenMemory, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default,
                    cancellationToken: CancellationToken.None);
                sent++;
                if (i % 4 == 3)
                {
                    var step = (long)Math.Pow(10, Math.Max(0, tick.PricePrecision - 2));
                    var quote = new Quote
                    {
                        Symbol = tick.Symbol, PricePrecision = tick.PricePrecision, SizePrecision = tick.SizePrecision, EventTime = tick.EventTime,
                        BidRaw = tick.PriceRaw - step, AskRaw = tick.PriceRaw, BidSizeRaw = tick.SizeRaw, AskSizeRaw = tick.SizeRaw,
                    };
                    buffer.ResetWrittenCount();
                    json.Encode(in quote, buffer);
                    await connection.PublishAsync(NatsSubjects.QuotesRaw(Symbol), buffer.WrittenMemory, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default,
                        cancellationToken: CancellationToken.None);
                    sent++;
                }
                if (cancellationToken.IsCancellationRequested)
                    break;
                var ahead = TimeSpan.FromSeconds(sent / rate) - clock.Elapsed;
                if (ahead > TimeSpan.FromMilliseconds(1))
                    await Task.Delay(ahead, CancellationToken.None);
            }
        }
        finally
        {
            await connection.PingAsync(CancellationToken.None); // all of it is on the server
        }
        return sent;
    }
}
