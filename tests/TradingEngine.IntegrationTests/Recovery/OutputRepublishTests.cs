using TradingEngine.Hosting;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using TradingEngine.Cli.Commands;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Recovery;

/// <summary>
/// Outputs that die with the process (in the output ring, in the client's write buffer, or of events journaled but not yet
/// run) are published again by the recovered engine: <c>te run --jetstream --snapshots</c> killed with SIGKILL under
/// continuous publishing, restarted with <c>--recover</c>, and the public outputs a consumer received over all the runs,
/// deduplicated by their id (symbol, <c>metadata.source_sequence</c>, <c>metadata.output_index</c>), are exactly the outputs
/// of a replay of the final journal, in the replay's order per subject; a duplicate always repeats its id's JSON.
/// </summary>
public sealed class OutputRepublishTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Symbol = "SPY";

    [Fact]
    public async Task Outputs_lost_in_a_kill_are_published_again_after_recover_with_stable_ids_and_none_is_missing()
    {
        const int rounds = 3;
        var dir = Directory.CreateTempSubdirectory("te-republish-").FullName;
        await using var server = await NatsServerProcess.StartAsync();
        TeChildProcess? run = null;
        using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task<long>? publishing = null;
        try
        {
            var setup = await JetStreamKillSetup.CreateAsync(dir, server.Url, "TE_REPUB", "te-repub", 300_000, Ct);
            var journalDir = setup.JournalDirectory;

            await using var client = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-republish-test" }.ToNatsOpts());
            await using var outputs = await PublicOutputRecorder.StartAsync(client, Symbol, Ct);
            var received = outputs.Received;
            var random = new Random(Environment.TickCount);
            var log = new StringBuilder();
            for (var round = 0; round <= rounds; round++)
            {
                run = await setup.StartAsync(round);
                publishing ??= JetStreamKillRoundsTests.PublishAsync(client, setup.Ticks, setup.TickSymbols, stopPublishing.Token, rate: 20_000);
                if (round == rounds)
                    break;
                var lifetime = TimeSpan.FromMilliseconds(random.Next(1_500, 3_500));
                await Task.Delay(lifetime, Ct);
                run.Kill();
                await outputs.QuiesceAsync(Ct);
                log.Append($"round {round + 1}: killed after {lifetime.TotalMilliseconds:F0} ms at journal {JournalTail.Read(journalDir).Sequence}, {received.Count} outputs so far; " +
                    $"{run.Output.Split('\n').FirstOrDefault(l => l.Contains("recovered", StringComparison.Ordinal))?.Trim()}\n");
                run.Dispose();
            }

            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            await stopPublishing.CancelAsync();
            await publishing!;
            var js = new NatsJSContext(client);
            var lastInStream = (long)(await js.GetStreamAsync("TE_REPUB", cancellationToken: Ct)).Info.State.LastSeq;
            await Eventually.TrueAsync(() => JournalTail.Read(journalDir).SourceSequence == lastInStream,
                TimeSpan.FromSeconds(60), () => $"journal at stream sequence {JournalTail.Read(journalDir).SourceSequence} of {lastInStream}\n{run!.Output}");

            var expected = ReplayedOutputs.Split(setup.PipelinePath, setup.InstrumentsPath, Symbol, journalDir, [])[0];
            var expectedSet = expected.ToHashSet();
            await Eventually.TrueAsync(() => expectedSet.IsSubsetOf(received), TimeSpan.FromSeconds(20),
                () => $"{expectedSet.Except(received).Count()} of {expected.Count} outputs of the replay never arrived\n{log}{run!.Output}");
            await outputs.QuiesceAsync(Ct);
            // the live clock's next round after the last message closes the forming candles: a timer the journal holds
            // before its outputs go out (ExecutorRingHandler.DurableGate), so a replay taken now has them too
            expected = ReplayedOutputs.Split(setup.PipelinePath, setup.InstrumentsPath, Symbol, journalDir, [])[0];
            expectedSet = expected.ToHashSet();
            var all = received.ToArray();

            // nothing foreign: every output received is one of the replay's
            // the journal first: each stream message journaled exactly once, in stream order (a hole or a repeat there
            // makes the replay differ from what a killed run published, and is the fault to report)
            Assert.Equal("", JournalSourceOrder(journalDir, lastInStream));
            var foreign = all.Where(a => !expectedSet.Contains(a)).ToList();
            if (foreign.Count > 0)
            {
                var replayById = expected.GroupBy(e => (e.Subject, Id(e.Json))).ToDictionary(g => g.Key, g => g.First().Json);
                var examples = foreign.Take(3).Select(f => replayById.TryGetValue((f.Subject, Id(f.Json)), out var r)
                    ? $"{f.Subject} received {f.Json}\n   replay has {r}"
                    : $"{f.Subject} received {f.Json}\n   replay has no output with that id");
                Assert.Fail($"received {foreign.Count} outputs the replay does not have (of {all.Length}; replay {expected.Count}), e.g.\n{string.Join("\n", examples)}\n{log}{run!.Output}");
            }
            // one id, one JSON: a duplicate is the same message again
            var byId = all.GroupBy(a => (a.Subject, Id(a.Json))).Where(g => g.Select(x => x.Json).Distinct().Count() > 1).Take(3).ToList();
            Assert.True(byId.Count == 0, $"different outputs under one id: {string.Join("\n", byId.Select(g => string.Join(" | ", g.Select(x => x.Json))))}");
            // deduplicated by id, each subject is the replay's sequence, in order
            foreach (var group in expected.GroupBy(e => e.Subject))
            {
                var live = all.Where(a => a.Subject == group.Key).Select(a => a.Json).Distinct().ToArray();
                Assert.Equal(group.Select(g => g.Json).ToArray(), live);
            }
            var duplicates = all.Length - all.Distinct().Count();
            log.Append($"{all.Length} outputs received, {expected.Count} in the replay, {duplicates} duplicates (same id, same JSON)\n");
            TestContext.Current.SendDiagnosticMessage(log.ToString());
            TestContext.Current.TestOutputHelper?.WriteLine(log.ToString());
            Assert.True(expected.Count > 1_000, $"only {expected.Count} outputs: the comparison would mean little");

            // a clean stop marks everything published: the next --recover restores the last snapshot and re-publishes nothing
            var exit = run!.Interrupt(TimeSpan.FromSeconds(60));
            Assert.True(exit is 0 or 130, $"te run exited with {exit} on SIGINT:\n{run.Output}"); // 130: System.CommandLine's code for Ctrl+C
            var mark = OutputMarkWriter.Read(Path.Combine(journalDir, NatsLiveEngine.OutputMarkFile))[Symbol];
            Assert.True(mark == lastInStream, $"output mark {mark} after a clean stop, the journal ends at stream sequence {lastInStream}:\n{run.Output}");
            run.Dispose();
            run = await setup.StartAsync(rounds + 1);
            Assert.Contains("re-published 0 outputs after the output mark", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("skipped", run.Output.Split('\n').Single(l => l.Contains("recovered:", StringComparison.Ordinal)), StringComparison.Ordinal);
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
    /// Empty when the journal holds stream sequences 1..<paramref name="last"/> each once and in order, as trades and
    /// quotes only (no gap, no timer); else what is wrong, with the first places.
    /// </summary>
    private static string JournalSourceOrder(string journalDir, long last)
    {
        using var journal = new JournalReader(journalDir, new SymbolRegistry());
        var problems = new List<string>();
        long previous = 0;
        var count = 0;
        foreach (var e in journal)
        {
            var source = journal.SourceSequenceAtWrite;
            if (e.Kind is not (MarketEventKind.Tick or MarketEventKind.Quote))
            {
                problems.Add($"a {e.Kind} event at journal {journal.Sequence} (source {source})");
                continue;
            }
            count++;
            if (source != previous + 1)
                problems.Add($"journal {journal.Sequence}: stream sequence {source} after {previous}");
            previous = Math.Max(previous, source);
        }
        if (previous != last)
            problems.Add($"the journal ends at stream sequence {previous}, the stream at {last}");
        return problems.Count == 0 ? "" : $"{problems.Count} problems in {count} journaled trades and quotes: {string.Join("; ", problems.Take(5))}";
    }

    /// <summary>An output's id: its source sequence and its index among the outputs of that source event.</summary>
    private static (long Sequence, int Index) Id(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var metadata = doc.RootElement.GetProperty("metadata");
        return (metadata.GetProperty("source_sequence").GetInt64(),
            metadata.TryGetProperty("output_index", out var index) ? index.GetInt32() : -1);
    }
}
