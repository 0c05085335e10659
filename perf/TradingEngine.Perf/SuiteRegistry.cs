using TradingEngine.Perf.Ring;

namespace TradingEngine.Perf;

/// <summary>Every suite the harness knows. Adding a suite is one line here.</summary>
public static class SuiteRegistry
{
    public static IReadOnlyList<ISuite> All { get; } =
    [
        new RingSuite(),
        new Suites.NatsSuite(),
        new Suites.SinkSuite(),
        new Suites.PipelineSuite(),
        new Suites.ReplaySuite(),
        new Suites.SweepSuite(),
        new Suites.JournalSuite(),
        new Suites.GatewaySuite(),
        new Suites.DashboardSuite(),
        new Suites.ScaleSuite(),
    ];

    public static ISuite? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
