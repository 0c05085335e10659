using TradingEngine.Engine.Simulation;
using TradingEngine.Hosting.Replay;
using TradingEngine.Journal;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Replay;

/// <summary>
/// <c>te replay --journal</c> as a whole (the symbol scan, the journal read and decode, the executor, the output hash)
/// allocates nothing per tick or frame once warm: the replay suite's marginal figure, as a unit test. The difference
/// between a long and a short journal of the same session removes the set-up (YAML, DAG compile), which does not depend
/// on length. Opening a segment allocates a little (its file handle, header and listing: ~15 KiB, once per 256 MiB
/// segment by default), so each extra segment of the long journal is allowed <see cref="PerSegment"/>, as in
/// <c>JournalAllocationTests</c>; a buffer per segment (the old reader: 64 KiB and up) or anything per tick exceeds it.
/// </summary>
public sealed class ReplayAllocationTests : IDisposable
{
    private const int LongTicks = 200_000;
    private const int ShortTicks = 20_000;
    private const long PerSegment = 32 * 1024;
    private const double PerTick = 0.05;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-replay-alloc-");

    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void A_journal_replay_allocates_nothing_per_tick_beyond_its_set_up()
    {
        var longJournal = Write("long", LongTicks);
        var shortJournal = Write("short", ShortTicks);
        Assert.True(Directory.GetFiles(longJournal, "*.tej").Length >= 3, "the long journal spans several segments");

        Allocated(longJournal); // warm-up: JIT tiers, and the frame buffers' pool
        Allocated(shortJournal);
        var shortBytes = Allocated(shortJournal);
        var longBytes = Allocated(longJournal);
        var extraSegments = Directory.GetFiles(longJournal, "*.tej").Length - Directory.GetFiles(shortJournal, "*.tej").Length;
        var allowed = PerSegment * extraSegments + PerTick * (LongTicks - ShortTicks);
        Assert.True(longBytes - shortBytes < allowed, $"the replay allocated {longBytes:N0} B on {LongTicks:N0} ticks and {shortBytes:N0} B on {ShortTicks:N0}: " +
            $"{longBytes - shortBytes:N0} B more for {LongTicks - ShortTicks:N0} more ticks in {extraSegments} more segments; expected under {allowed:N0} " +
            $"({PerSegment:N0} B per segment opened, nothing per tick or frame)");
    }

    /// <summary>This thread's allocations over one replay (other test classes run in parallel: a process-wide count would flake).</summary>
    private static long Allocated(string journal)
    {
        var options = new ReplayOptions
        {
            Source = ReplaySource.Journal,
            JournalDirectory = journal,
            PipelinePath = Repo("pipelines/es_futures.yaml"),
            InstrumentsPath = Repo("pipelines/instruments.yaml"),
            Symbols = ["ES"],
        };
        var before = GC.GetAllocatedBytesForCurrentThread();
        var summary = ReplayRunner.Run(options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(summary.Ticks > 0, "the replay read ticks");
        return allocated;
    }

    /// <summary>A synthetic ES session of <paramref name="ticks"/> trades in a journal of small frames and segments.</summary>
    private string Write(string name, int ticks)
    {
        var directory = Path.Combine(_dir.FullName, name);
        var symbols = new SymbolRegistry();
        var instruments = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), symbols);
        var session = new SyntheticSession(new SyntheticSessionOptions { TickCount = ticks }, instruments["ES"].Id);
        using var writer = JournalWriter.Open(directory, symbols,
            new JournalWriterOptions { FrameBytes = 64 * 1024, SegmentBytes = 256 * 1024, Fsync = JournalFsyncPolicy.None });
        while (session.TryNext(out var e))
            writer.Append(in e);
        return directory;
    }
}
