using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Recovery;

/// <summary>
/// What the kill tests of <c>te run --jetstream</c> share: a temporary directory with SPY's instrument file and the
/// <see cref="KillAndRecoverTests.Pipeline"/>, the arguments of <c>te run</c> (snapshots every 2,000 events), and real SPY
/// trades of 2013-10-08 to publish.
/// </summary>
internal sealed record JetStreamKillSetup(string Directory, string PipelinePath, string InstrumentsPath, string JournalDirectory,
    string[] Args, List<Tick> Ticks, SymbolRegistry TickSymbols)
{
    public const string Symbol = "SPY";

    public static async Task<JetStreamKillSetup> CreateAsync(string directory, string natsUrl, string stream, string consumer, int tickCount,
        CancellationToken cancellationToken)
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv");
        var instrumentsPath = await EquityInstrumentFile.WriteAsync(directory, Symbol, cancellationToken);
        var pipelinePath = Path.Combine(directory, "pipeline.yaml");
        await File.WriteAllTextAsync(pipelinePath, KillAndRecoverTests.Pipeline, cancellationToken);
        var journalDir = Path.Combine(directory, "journal");
        string[] args =
        [
            "run", "--pipeline", pipelinePath, "--instruments", instrumentsPath, "--symbols", Symbol, "--journal", journalDir,
            "--snapshots", Path.Combine(directory, "snapshots"), "--snapshot-every", "2000", "--nats", natsUrl, "--stats-interval", "0",
            "--jetstream", "--stream", stream, "--consumer", consumer,
            // 2013 trades fed now: today's wall-clock timers would close each candle as it forms, so a timer a restarted
            // engine writes before the redelivered input would change what that input, published before the kill,
            // produced (docs/recovery.md, "Timers and kills"); the clock's own recovery is LiveClockTests' and the unit tests'
            "--clock-interval", "0",
            // outputs are compared one for one: the executors wait for a publisher a loaded machine leaves unscheduled
            "--publisher-stall-timeout", "1m",
        ];
        var tickSymbols = new SymbolRegistry();
        using var reader = new LeanEquityTradeReader(file, tickSymbols.GetOrAdd(Symbol));
        var ticks = reader.Where(t => !t.IsSuspicious).Take(tickCount).ToList();
        return new JetStreamKillSetup(directory, pipelinePath, instrumentsPath, journalDir, args, ticks, tickSymbols);
    }

    /// <summary>Starts <c>te run</c> (with <c>--recover</c> after round 0) and returns once it is live.</summary>
    public async Task<TeChildProcess> StartAsync(int round)
    {
        var run = TeChildProcess.Start(round == 0 ? Args : [.. Args, "--recover"]);
        await Eventually.TrueAsync(() => run.Output.Contains("te run: SPY on", StringComparison.Ordinal) || run.HasExited,
            TimeSpan.FromSeconds(90), () => $"te run (round {round}) did not start:\n{run.Output}");
        Assert.False(run.HasExited, run.Output);
        return run;
    }
}
