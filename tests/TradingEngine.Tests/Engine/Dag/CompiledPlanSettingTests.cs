using TradingEngine.Engine.Dag;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>TE_COMPILE_PLANS turns plan compilation off for a process (to compare both walks on one machine).</summary>
public sealed class CompiledPlanSettingTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("1", true)]
    [InlineData(" 0 ", false)]
    [InlineData("0", false)]
    public void The_setting_gives_the_default(string? setting, bool compiles) =>
        Assert.Equal(compiles, CompiledDag.CompilesPlansByDefault(setting));

    [Fact]
    public void Any_other_value_is_an_error_that_names_the_variable_and_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => CompiledDag.CompilesPlansByDefault("yes"));
        Assert.Contains("TE_COMPILE_PLANS is 'yes'", error.Message);
        Assert.Contains("expected 0", error.Message);
    }
}
