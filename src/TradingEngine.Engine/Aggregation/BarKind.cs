namespace TradingEngine.Engine.Aggregation;

/// <summary>What closes a bar: the clock, a number of prints, an amount of volume, or a price range.</summary>
public enum BarKind : byte
{
    /// <summary>Fixed buckets of event time (1 s … 1 w), aligned to UTC or to a session calendar.</summary>
    Time = 0,
    /// <summary>Closes on the N-th print (the N-th print is in the bar).</summary>
    TickCount = 1,
    /// <summary>Closes when the volume reaches the threshold exactly; the crossing print is split and the overflow carried.</summary>
    Volume = 2,
    /// <summary>Closes when the next print would make High − Low exceed the range; that print opens the next bar.</summary>
    Range = 3,
}
