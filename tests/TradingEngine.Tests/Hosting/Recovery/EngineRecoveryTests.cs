using TradingEngine.Hosting.Recovery;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Hosting.Recovery;

/// <summary>
/// Snapshot after event k + the journal tail k+1..m replayed, then live events m+1..n: the outputs of m+1..n and the final
/// state equal an uninterrupted run's, bit for bit. m is where the "crash" happened (the journal ends there).
/// </summary>
public sealed class EngineRecoveryTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(7_777, 19_001)]
    [InlineData(30_000, 30_000)]
    public void Snapshot_and_journal_tail_continue_the_synthetic_session_bit_for_bit(int k, int m)
    {
        using var fixture = RecoveryFixture.Synthetic(40_000);
        AssertRecoveredRunEqualsUninterrupted(fixture, k, m);
    }

    [Fact]
    public void Snapshot_and_journal_tail_continue_real_ibm_ticks_bit_for_bit()
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131009_ibm_Trade_Tick.csv");
        using var fixture = RecoveryFixture.RealTicks(file, "IBM");
        var n = fixture.Events.Length;
        AssertRecoveredRunEqualsUninterrupted(fixture, n / 3, 2 * n / 3);
    }

    [Fact]
    public void A_damaged_newest_snapshot_falls_back_to_the_previous_one()
    {
        using var fixture = RecoveryFixture.Synthetic(20_000);
        var events = fixture.Events;
        var store = new SnapshotStore(fixture.SnapshotDirectory);
        var crashed = fixture.NewEngine();
        crashed.Feed(events, 0, 5_000);
        crashed.Snapshot(store, 5_000);
        crashed.Feed(events, 5_000, 9_000);
        crashed.Snapshot(store, 9_000);
        var newest = store.PathOf(9_000);
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(newest, bytes);

        var (uninterrupted, tailHash) = Uninterrupted(fixture, 12_000);
        var recovered = fixture.NewEngine();
        var journal = fixture.JournalUpTo(12_000);
        var result = EngineRecovery.Restore(recovered.Driver, recovered.Symbols, fixture.SnapshotDirectory, journal);

        Assert.Equal(5_000, result.Snapshot?.Sequence);
        Assert.Contains(result.Rejected, r => r.Contains("checksum", StringComparison.Ordinal) && r.Contains(Path.GetFileName(newest), StringComparison.Ordinal));
        Assert.Equal(7_000, result.Events);
        Assert.Equal(12_000, result.LastSequence);
        recovered.StartNewOutputs();
        recovered.Feed(events, 12_000, events.Length);
        Assert.Equal(tailHash, recovered.Outputs.HashText);
        Assert.Equal(uninterrupted.State(), recovered.State());
    }

    [Fact]
    public void A_snapshot_beyond_the_journal_is_skipped_and_a_torn_one_too()
    {
        using var fixture = RecoveryFixture.Synthetic(10_000);
        var events = fixture.Events;
        var store = new SnapshotStore(fixture.SnapshotDirectory, keep: 5);
        var crashed = fixture.NewEngine();
        crashed.Feed(events, 0, 2_000);
        crashed.Snapshot(store, 2_000);
        crashed.Feed(events, 2_000, 3_000);
        crashed.Snapshot(store, 3_000);
        crashed.Feed(events, 3_000, 6_000);
        crashed.Snapshot(store, 6_000);
        var torn = File.ReadAllBytes(store.PathOf(3_000));
        File.WriteAllBytes(store.PathOf(3_000), torn.AsSpan(0, torn.Length - 100).ToArray());

        var recovered = fixture.NewEngine();
        var result = EngineRecovery.Restore(recovered.Driver, recovered.Symbols, fixture.SnapshotDirectory, fixture.JournalUpTo(4_000));

        Assert.Equal(2_000, result.Snapshot?.Sequence);
        Assert.Equal(2, result.Rejected.Count);
        Assert.Contains("journal ends at 4000", result.Rejected[0], StringComparison.Ordinal);
        var (uninterrupted, _) = Uninterrupted(fixture, 4_000, stopAt: 4_000);
        Assert.Equal(uninterrupted.State(), recovered.State());
    }

    [Fact]
    public void The_store_keeps_the_newest_snapshots_and_ignores_temp_files()
    {
        using var fixture = RecoveryFixture.Synthetic(1_000);
        var store = new SnapshotStore(fixture.SnapshotDirectory, keep: 2);
        var engine = fixture.NewEngine();
        foreach (var sequence in new long[] { 10, 20, 30, 40 })
            engine.Snapshot(store, sequence);
        File.WriteAllBytes(store.PathOf(50) + ".tmp", [1, 2, 3]);
        Assert.Equal([40L, 30L], store.List().Select(s => s.Sequence));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotStore(fixture.SnapshotDirectory, keep: 1));
    }

    [Fact]
    public void Without_a_snapshot_recovery_replays_the_whole_journal()
    {
        using var fixture = RecoveryFixture.Synthetic(10_000);
        var recovered = fixture.NewEngine();
        var result = EngineRecovery.Restore(recovered.Driver, recovered.Symbols, fixture.SnapshotDirectory, fixture.JournalUpTo(6_000));
        Assert.Null(result.Snapshot);
        Assert.Equal(6_000, result.Events);
        var (uninterrupted, _) = Uninterrupted(fixture, 6_000, stopAt: 6_000);
        Assert.Equal(uninterrupted.State(), recovered.State());
    }

    /// <summary>Runs every event through one engine; returns it and the hash of the outputs of events after <paramref name="crashAfter"/>.</summary>
    internal static (RecoveryFixture.Engine Engine, string TailHash) Uninterrupted(RecoveryFixture fixture, int crashAfter, int? stopAt = null)
    {
        var events = fixture.Events;
        var engine = fixture.NewEngine();
        engine.Feed(events, 0, crashAfter);
        var tail = engine.StartNewOutputs();
        engine.Feed(events, crashAfter, stopAt ?? events.Length);
        return (engine, tail.HashText);
    }

    private static void AssertRecoveredRunEqualsUninterrupted(RecoveryFixture fixture, int k, int m)
    {
        var events = fixture.Events;
        var (uninterrupted, tailHash) = Uninterrupted(fixture, m);

        // the crashed run: snapshot after event k (journal sequence k), then it died after event m
        var crashed = fixture.NewEngine();
        crashed.Feed(events, 0, k);
        crashed.Snapshot(new SnapshotStore(fixture.SnapshotDirectory), k);

        var recovered = fixture.NewEngine();
        var result = EngineRecovery.Restore(recovered.Driver, recovered.Symbols, fixture.SnapshotDirectory, fixture.JournalUpTo(m));
        Assert.Equal(k, result.Snapshot?.Sequence);
        Assert.Equal(m - k, result.Events);
        Assert.Equal(m, result.LastSequence);

        recovered.StartNewOutputs();
        recovered.Feed(events, m, events.Length);
        Assert.True(recovered.Outputs.Candles > 0 || m == events.Length, "the live part must produce outputs for the comparison to mean something");
        Assert.Equal(tailHash, recovered.Outputs.HashText);
        Assert.Equal(uninterrupted.State(), recovered.State());
    }
}
