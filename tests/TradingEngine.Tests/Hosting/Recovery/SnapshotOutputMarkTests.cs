using TradingEngine.Hosting.Recovery;

namespace TradingEngine.Tests.Hosting.Recovery;

/// <summary>
/// In JetStream mode a recovery may restore only a snapshot no newer than the output mark (issue 18 item 2): the writer keeps
/// the newest such snapshot beyond the store's count, and <see cref="SnapshotStore.LoadNewest"/> skips the newer ones, saying why.
/// </summary>
public sealed class SnapshotOutputMarkTests
{
    [Fact]
    public void The_newest_snapshot_at_or_below_the_output_mark_survives_pruning_and_newer_ones_are_refused_with_a_reason()
    {
        using var fixture = RecoveryFixture.Synthetic(1_000);
        var engine = fixture.NewEngine();
        var store = new SnapshotStore(fixture.SnapshotDirectory, keep: 2);
        long mark = 0;
        using (var writer = new SnapshotWriter(store, _ => true, publishedThrough: () => mark))
        {
            // journal sequence 100·k covers stream sequence 1000·k; the publisher lags: its mark is at stream sequence 2500
            mark = 2_500;
            for (var k = 1; k <= 6; k++)
            {
                Assert.True(writer.TryCapture(engine.Executor, engine.Symbols, 100 * k, 0, 0, 1_000 * k));
                Assert.True(writer.WaitIdle(TimeSpan.FromSeconds(10)));
            }
        }
        // the newest 2, and 200 (stream sequence 2000 ≤ the mark) although the count alone would have pruned it
        Assert.Equal([600, 500, 200], store.List().Select(s => s.Sequence));

        var rejected = new List<string>();
        var loaded = store.LoadNewest(1_000, (_, _) => { }, rejected, sequence => sequence * 10 > mark ? $"covers stream sequence {sequence * 10}, after the output mark {mark}" : null);
        Assert.Equal(200, loaded!.Value.Sequence);
        Assert.Equal(["00000000000000000600.tes: covers stream sequence 6000, after the output mark 2500",
            "00000000000000000500.tes: covers stream sequence 5000, after the output mark 2500"], rejected);
    }

    [Fact]
    public void Without_an_output_mark_the_store_keeps_its_count_only()
    {
        using var fixture = RecoveryFixture.Synthetic(1_000);
        var engine = fixture.NewEngine();
        var store = new SnapshotStore(fixture.SnapshotDirectory, keep: 2);
        using (var writer = new SnapshotWriter(store, _ => true))
        {
            for (var k = 1; k <= 4; k++)
            {
                Assert.True(writer.TryCapture(engine.Executor, engine.Symbols, 100 * k, 0, 0, 1_000 * k));
                Assert.True(writer.WaitIdle(TimeSpan.FromSeconds(10)));
            }
        }
        Assert.Equal([400, 300], store.List().Select(s => s.Sequence));
    }
}
