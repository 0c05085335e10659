namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// Tests that take the whole machine (a NativeAOT publish compiles on every core for about a minute) run in this
/// collection, which xunit runs by itself after the parallel ones: on a 2-vCPU machine they otherwise starve the
/// live-engine tests that run beside them past their deadlines.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
