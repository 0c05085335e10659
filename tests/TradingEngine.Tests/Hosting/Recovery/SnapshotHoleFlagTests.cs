using TradingEngine.Hosting.Recovery;
using TradingEngine.Journal;

namespace TradingEngine.Tests.Hosting.Recovery;

/// <summary>Snapshots whose state was built over a journal hole that <c>te journal repair</c> recorded say so (issue 18 item 3).</summary>
public sealed class SnapshotHoleFlagTests
{
    [Fact]
    public void Snapshots_covering_a_recorded_hole_are_marked_and_earlier_ones_are_not()
    {
        using var fixture = RecoveryFixture.Synthetic(1_000);
        var engine = fixture.NewEngine();
        var store = new SnapshotStore(fixture.SnapshotDirectory, keep: 5);
        File.WriteAllLines(Path.Combine(fixture.JournalDirectory, "holes.txt"), ["300 310 11"]);
        long firstHole;
        using (var journal = JournalWriter.Open(fixture.JournalDirectory, new TradingEngine.Types.SymbolRegistry()))
            firstHole = journal.FirstHoleSequence;
        Assert.Equal(300, firstHole);
        using (var writer = new SnapshotWriter(store, _ => true, firstHole))
        {
            Assert.True(writer.TryCapture(engine.Executor, engine.Symbols, 299, 0, 0));
            Assert.True(writer.WaitIdle(TimeSpan.FromSeconds(10)));
            Assert.True(writer.TryCapture(engine.Executor, engine.Symbols, 300, 0, 0));
            Assert.True(writer.WaitIdle(TimeSpan.FromSeconds(10)));
        }
        var rejected = new List<string>();
        var newest = store.LoadNewest(300, (_, _) => { }, rejected);
        Assert.Empty(rejected);
        Assert.Equal(300, newest!.Value.Sequence);
        Assert.True(newest.Value.AfterJournalHole);
        var older = store.LoadNewest(299, (_, _) => { }, rejected);
        Assert.Equal(299, older!.Value.Sequence);
        Assert.False(older.Value.AfterJournalHole);
    }
}
