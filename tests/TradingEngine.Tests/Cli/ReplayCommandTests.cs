using TradingEngine.Cli.Commands;
using TradingEngine.Engine.Simulation;

namespace TradingEngine.Tests.Cli;

/// <summary>The default run (<c>./run.sh</c> = <c>te replay --synthetic</c>): its counts and hash are a contract.</summary>
public class ReplayCommandTests
{
    [Fact]
    public void Default_synthetic_replay_has_known_counts_and_hash()
    {
        var summary = ReplayCommand.ReplaySynthetic(new SyntheticSessionOptions());
        Assert.Equal(200_000, summary.Ticks);
        Assert.Equal(27_767, summary.Timers);
        Assert.Equal(summary.Ticks + summary.Timers, summary.Events);
        Assert.Equal("xxh64:9e00410131605703", summary.HashText);
    }

    [Fact]
    public void Two_runs_give_the_same_hash_and_another_seed_does_not()
    {
        var a = ReplayCommand.ReplaySynthetic(new SyntheticSessionOptions { TickCount = 20_000 });
        var b = ReplayCommand.ReplaySynthetic(new SyntheticSessionOptions { TickCount = 20_000 });
        var c = ReplayCommand.ReplaySynthetic(new SyntheticSessionOptions { TickCount = 20_000, Seed = 7 });
        Assert.Equal(a.HashText, b.HashText);
        Assert.Equal(a.Events, b.Events);
        Assert.NotEqual(a.HashText, c.HashText);
    }
}
