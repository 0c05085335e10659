namespace TradingEngine.Indicators;

/// <summary>One occurrence of a session: [Start, End) in UTC nanoseconds since the Unix epoch.</summary>
internal readonly record struct SessionWindow(long Start, long End)
{
    public bool Contains(long utcNanos) => utcNanos >= Start && utcNanos < End;
}
