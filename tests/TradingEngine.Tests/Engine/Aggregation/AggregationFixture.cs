using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Aggregation;

/// <summary>Tick and time builders shared by the aggregation tests (prices at precision 2, sizes at 0).</summary>
public static class AggregationFixture
{
    public static readonly SymbolId Symbol = new(7);

    /// <summary>2013-10-08 00:00 UTC, a Tuesday.</summary>
    public static readonly long Day = UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 0, 0, 0, DateTimeKind.Utc));

    public static long At(int hour, int minute, double second = 0) =>
        Day + hour * UtcNanos.PerHour + minute * UtcNanos.PerMinute + (long)(second * UtcNanos.PerSecond);

    public static Tick Trade(long time, long priceRaw, long size, uint conditions = 0, bool suspicious = false) => new()
    {
        Symbol = Symbol,
        PricePrecision = 2,
        SizePrecision = 0,
        EventTime = time,
        ReceiveTime = time + 1000,
        PriceRaw = priceRaw,
        SizeRaw = size,
        Conditions = conditions,
        Flags = suspicious ? TickFlags.Suspicious : TickFlags.None,
    };
}
