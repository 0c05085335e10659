using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Support;

/// <summary>
/// The engine of the host tests: two executors, <c>fut</c> (ES on es_futures.yaml) and <c>eq</c> (SPY on
/// us_equity.yaml), and trades of both symbols interleaved while both sessions are open.
/// </summary>
internal static class TwoExecutorEngine
{
    /// <summary>The repository's pipelines/ directory.</summary>
    internal static readonly string Pipelines = Path.Combine(TestData.RepositoryRoot(), "pipelines");

    /// <summary>2023-11-14T15:00:00Z: both sessions open.</summary>
    public const long Start = 1_699_974_000_000_000_000;

    public static EngineConfig Config() => EngineConfigLoader.Parse(
        $"instruments: {Path.Combine(Pipelines, "instruments.yaml")}\nexecutors:\n" +
        $"  - name: fut\n    symbols:\n      - symbol: ES\n        pipeline: {Path.Combine(Pipelines, "es_futures.yaml")}\n" +
        $"  - name: eq\n    symbols:\n      - symbol: SPY\n        pipeline: {Path.Combine(Pipelines, "us_equity.yaml")}\n", "engine.yaml");

    /// <summary><paramref name="perSymbol"/> trades of ES and of SPY, alternating, one pair every <paramref name="stepSeconds"/>.</summary>
    public static List<MarketEvent> Ticks(SymbolRegistry symbols, int perSymbol, int stepSeconds = 1)
    {
        var es = symbols.GetOrAdd("ES");
        var spy = symbols.GetOrAdd("SPY");
        var events = new List<MarketEvent>();
        for (var i = 0; i < perSymbol; i++)
        {
            var t = Start + i * stepSeconds * 1_000_000_000L;
            events.Add(MarketEvent.FromTick(Tick.Create(es, t, new Price(470_000 + (i % 7) * 25, 2), new Quantity(1 + i % 3, 0))));
            events.Add(MarketEvent.FromTick(Tick.Create(spy, t, new Price(4_700_000 + (i % 11) * 100, 4), new Quantity(100, 0))));
        }
        return events;
    }
}
