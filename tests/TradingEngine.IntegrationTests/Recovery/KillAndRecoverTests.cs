using NATS.Client.Core;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Recovery;

/// <summary>
/// <c>te run</c> as a child process against its own nats-server, killed with SIGKILL while real ticks stream in, then
/// restarted with <c>--recover</c>: what the recovered engine publishes for the ticks after the restart equals, per
/// subject and in order, what an uninterrupted run over the same journal produces for them.
/// </summary>
public sealed class KillAndRecoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly string Pipeline = SpyPipeline.Yaml("recovery_kill");

    private const string Symbol = "SPY";

    [Fact]
    public async Task Engine_killed_mid_run_and_restarted_with_recover_publishes_what_an_uninterrupted_run_publishes()
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv");
        var dir = Directory.CreateTempSubdirectory("te-recover-kill-").FullName;
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        TeChildProcess? run = null;
        try
        {
            var instrumentsPath = await EquityInstrumentFile.WriteAsync(dir, Symbol, Ct);
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, Pipeline, Ct);
            var journalDir = Path.Combine(dir, "journal");
            var snapshotDir = Path.Combine(dir, "snapshots");
            string[] args =
            [
                "run", "--pipeline", pipelinePath, "--instruments", instrumentsPath, "--symbols", Symbol, "--journal", journalDir,
                "--snapshots", snapshotDir, "--snapshot-every", "2000", "--nats", server.Url, "--stats-interval", "0",
                // outputs are compared one for one: the executors wait for a publisher a loaded machine leaves unscheduled
                "--publisher-stall-timeout", "1m",
            ];

            var tickSymbols = new SymbolRegistry();
            List<Tick> ticks;
            using (var reader = new LeanEquityTradeReader(file, tickSymbols.GetOrAdd(Symbol)))
                ticks = reader.Take(80_000).ToList();

            await using var client = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-recover-test" }.ToNatsOpts());
            await using var outputs = await PublicOutputRecorder.StartAsync(client, Symbol, Ct);
            var received = outputs.Received;

            // run 1: streams the first half, killed (SIGKILL) once the journal is past 12,000 events and a snapshot is on disk
            run = TeChildProcess.Start(args);
            await Eventually.TrueAsync(() => run.Output.Contains("te run: SPY on", StringComparison.Ordinal) || run.HasExited,
                TimeSpan.FromSeconds(60), () => $"te run did not start:\n{run.Output}");
            Assert.False(run.HasExited, run.Output);
            var feeding = RawTickPublisher.PublishAsync(client, ticks.Take(30_000), tickSymbols, Symbol, rate: 10_000, cancellationToken: Ct);
            await Eventually.TrueAsync(() => JournalTail.Read(journalDir).Sequence > 12_000 && Directory.GetFiles(snapshotDir, "*.tes").Length > 0,
                TimeSpan.FromSeconds(60), () => $"journal at {JournalTail.Read(journalDir).Sequence}, snapshots: {Directory.GetFiles(snapshotDir).Length}\n{run.Output}");
            run.Kill();
            var killedWhileFeeding = !feeding.IsCompleted;
            await feeding;
            // every output of run 1 taken in (a ping alone leaves the subscription loops' channels to drain)
            await outputs.QuiesceAsync(Ct);
            var fromRun1 = received.Count;
            var tail = JournalTail.Read(journalDir).Sequence;
            run.Dispose();

            // run 2: --recover, then the second half
            run = TeChildProcess.Start([.. args, "--recover"]);
            await Eventually.TrueAsync(() => run.Output.Contains("te run: SPY on", StringComparison.Ordinal) || run.HasExited,
                TimeSpan.FromSeconds(60), () => $"te run --recover did not start:\n{run.Output}");
            Assert.False(run.HasExited, run.Output);
            Assert.Contains("recovered: snapshot ", run.Output, StringComparison.Ordinal);
            var second = ticks.Skip(30_000).ToList();
            await RawTickPublisher.PublishAsync(client, second, tickSymbols, Symbol, cancellationToken: Ct);
            // every tick of the second half journaled (counted as ticks: the live clock's timers are journaled between
            // them, so the journal's sequence alone says nothing), then a clean stop: the journal is final, every output
            // published, and no timer written after the replay below has read the journal
            await Eventually.TrueAsync(() => TicksAfter(journalDir, tail) >= second.Count,
                TimeSpan.FromSeconds(60), () => $"{TicksAfter(journalDir, tail)} of {second.Count} ticks journaled after sequence {tail}\n{run.Output}");
            var exit = run.Interrupt(TimeSpan.FromSeconds(60));
            Assert.True(exit is 0 or 130, $"te run --recover exited with {exit} on SIGINT:\n{run.Output}"); // 130: System.CommandLine's code for Ctrl+C
            await outputs.QuiesceAsync(Ct);

            // the uninterrupted run: the whole journal through one executor, outputs after the kill's journal tail
            var replayed = ReplayedOutputs.Split(pipelinePath, instrumentsPath, Symbol, journalDir, [tail]);
            var (beforeKill, expected) = (replayed[0], replayed[1]);
            var live = received.Skip(fromRun1).ToArray();
            Assert.Equal(expected.Count, live.Length);
            Assert.True(expected.Count > 20, $"only {expected.Count} outputs after recovery: the comparison would mean little");
            foreach (var group in expected.GroupBy(r => r.Subject))
                Assert.Equal(group.Select(g => g.Json).ToArray(), live.Where(l => l.Subject == group.Key).Select(l => l.Json).ToArray());
            // and what run 1 published before it died is the uninterrupted run's beginning
            // (up to the journal's tail: the executor may have published outputs of events the journaler had not yet written)
            var early = received.Take(fromRun1).ToArray();
            foreach (var group in early.GroupBy(r => r.Subject))
            {
                var reference = beforeKill.Where(b => b.Subject == group.Key).Select(b => b.Json).ToArray();
                var n = Math.Min(reference.Length, group.Count());
                Assert.Equal(reference.Take(n), group.Select(g => g.Json).Take(n));
            }
            TestContext.Current.SendDiagnosticMessage(
                $"kill -9 at journal sequence {tail} ({(killedWhileFeeding ? "while ticks were streaming" : "after the feed")}), {fromRun1} outputs before, {live.Length} after recovery; {run.Output.Split('\n').FirstOrDefault(l => l.Contains("recovered", StringComparison.Ordinal))}");
        }
        finally
        {
            run?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Ticks the journal holds after sequence <paramref name="after"/> (timers and gaps not counted).</summary>
    private static int TicksAfter(string journalDir, long after)
    {
        using var journal = new JournalReader(journalDir, new SymbolRegistry(), fromSequence: after + 1);
        var ticks = 0;
        foreach (var e in journal)
        {
            if (e.Kind == MarketEventKind.Tick)
                ticks++;
        }
        return ticks;
    }
}
