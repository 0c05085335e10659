using TradingEngine.Hosting.Recovery;

namespace TradingEngine.Tests.Hosting.Recovery;

/// <summary>
/// Warm-up is a replay of the journal through the executor that then runs live: warm-up over the whole journal then
/// live equals an uninterrupted run; a shorter window equals a cold engine fed only the window's events.
/// </summary>
public sealed class WarmUpTests
{
    [Fact]
    public void Warm_up_over_the_whole_journal_then_live_equals_an_uninterrupted_run()
    {
        using var fixture = RecoveryFixture.Synthetic(30_000);
        var events = fixture.Events;
        const int live = 18_000;
        var (uninterrupted, tailHash) = EngineRecoveryTests.Uninterrupted(fixture, live);

        var warmed = fixture.NewEngine();
        var result = EngineRecovery.WarmUp(warmed.Driver, warmed.Symbols, fixture.JournalUpTo(live), TimeSpan.FromDays(30));
        Assert.Equal(live, result.Events);
        Assert.Equal(0, result.Skipped);
        warmed.StartNewOutputs();
        warmed.Feed(events, live, events.Length);
        Assert.Equal(tailHash, warmed.Outputs.HashText);
        Assert.Equal(uninterrupted.State(), warmed.State());
    }

    [Fact]
    public void A_warm_up_window_replays_exactly_the_events_of_its_last_hours()
    {
        using var fixture = RecoveryFixture.Synthetic(30_000);
        var events = fixture.Events;
        const int live = 20_000;
        var window = TimeSpan.FromMinutes(45);
        var journal = fixture.JournalUpTo(live);
        var lastTime = events.Take(live).Max(e => e.EventTime);
        var cutoff = lastTime - window.Ticks * 100;

        var reference = fixture.NewEngine();
        var inWindow = events.Take(live).Where(e => e.EventTime >= cutoff).ToArray();
        Assert.InRange(inWindow.Length, 1, live - 1);
        reference.Feed(inWindow, 0, inWindow.Length);
        var referenceTail = reference.StartNewOutputs();
        reference.Feed(events, live, events.Length);

        var warmed = fixture.NewEngine();
        var result = EngineRecovery.WarmUp(warmed.Driver, warmed.Symbols, journal, window);
        Assert.Equal(inWindow.Length, result.Events);
        Assert.Equal(live - inWindow.Length, result.Skipped);
        warmed.StartNewOutputs();
        warmed.Feed(events, live, events.Length);
        Assert.Equal(referenceTail.HashText, warmed.Outputs.HashText);
        Assert.Equal(reference.State(), warmed.State());
    }

    [Theory]
    [InlineData("6h", 6 * 3600)]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("01:30:00", 5400)]
    [InlineData("1.5H", 5400)]
    public void Warm_up_windows_parse(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), EngineRecovery.ParseWindow(text));

    [Theory]
    [InlineData("6x")]
    [InlineData("-1h")]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("1e300s")]
    [InlineData("99999999999999999999d")] // longer than TimeSpan holds: refused, not an OverflowException
    public void A_bad_warm_up_window_names_the_input(string text)
    {
        var ex = Assert.Throws<FormatException>(() => EngineRecovery.ParseWindow(text));
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_journal_warms_up_nothing()
    {
        using var fixture = RecoveryFixture.Synthetic(100);
        var engine = fixture.NewEngine();
        var result = EngineRecovery.WarmUp(engine.Driver, engine.Symbols, Path.Combine(fixture.SnapshotDirectory, "none"), TimeSpan.FromHours(6));
        Assert.Equal(0, result.Events);
    }
}
