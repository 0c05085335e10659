namespace TradingEngine.Tests.Ring;

/// <summary>The allocation tests measure the whole process, so they run alone, after every parallel test.</summary>
[CollectionDefinition(nameof(RingAllocationCollection), DisableParallelization = true)]
public sealed class RingAllocationCollection
{
}
