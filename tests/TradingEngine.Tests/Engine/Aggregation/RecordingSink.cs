using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Aggregation;

/// <summary>A sink that keeps every report in order, for assertions (it allocates: tests only).</summary>
public struct RecordingSink : ICandleSink
{
    public RecordingSink() { }

    public List<(int Spec, bool Closed, Candle Candle)> Events { get; } = [];

    public readonly IEnumerable<Candle> ClosedOf(int spec) =>
        Events.Where(e => e.Spec == spec && e.Closed).Select(e => e.Candle);

    public readonly void OnCandleUpdated(int spec, in Candle candle) => Events.Add((spec, false, candle));

    public readonly void OnCandleClosed(int spec, in Candle candle) => Events.Add((spec, true, candle));
}
