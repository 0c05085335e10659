using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Simulation;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Replay;

/// <summary><c>te replay</c> over a bad journal frame stops with an error unless <c>--skip-corrupt</c>, which reports what it skipped.</summary>
public sealed class ReplaySkipCorruptTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-replay-skip-");

    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void A_bad_frame_stops_replay_and_skip_corrupt_replays_past_it_and_reports_it()
    {
        var symbols = new SymbolRegistry();
        var instruments = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        var session = new SyntheticSession(new SyntheticSessionOptions { TickCount = 5_000 }, instruments["ES"].Id);
        using (var writer = JournalWriter.Open(_dir.FullName, symbols, new JournalWriterOptions { FrameBytes = 4096, Fsync = JournalFsyncPolicy.None }))
        {
            while (session.TryNext(out var e))
                writer.Append(in e);
        }
        var healthy = JournalRepair.Verify(_dir.FullName);
        Assert.True(healthy.Clean);
        var segment = Directory.GetFiles(_dir.FullName, "*.tej").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x33;
        File.WriteAllBytes(segment, bytes);
        var damage = Assert.Single(JournalRepair.Verify(_dir.FullName).Damage);
        Assert.True(damage.LostEvents > 0);

        var options = new ReplayOptions
        {
            Source = ReplaySource.Journal, JournalDirectory = _dir.FullName, Symbols = ["ES"],
            PipelinePath = Repo("pipelines/es_futures.yaml"), InstrumentsPath = Repo("pipelines/instruments.yaml"),
        };
        var ex = Assert.Throws<JournalDamagedException>(() => ReplayRunner.Run(options));
        Assert.Contains($"frame {damage.Frame} at byte {damage.Offset}", ex.Message);
        Assert.Contains("--skip-corrupt", ex.Message);

        var summary = ReplayRunner.Run(options with { SkipCorrupt = true });
        Assert.Equal(healthy.Events - damage.LostEvents, summary.Events);
        Assert.NotNull(summary.Warning);
        Assert.Contains($"skipped 1 bad journal region(s), {damage.LostEvents} events", summary.Warning);
        Assert.Contains($"sequences {damage.LostRange}", summary.Warning);

        // after a repair the replay runs through without the flag and shows the hole as one gap
        JournalRepair.Repair(_dir.FullName);
        var repaired = ReplayRunner.Run(options);
        Assert.Equal(summary.Events + 1, repaired.Events);
        Assert.Equal(1, repaired.Gaps);
        Assert.Contains($"1 hole(s) recorded by te journal repair, {damage.LostEvents} events lost there", repaired.Warning);
    }
}
