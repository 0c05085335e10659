namespace TradingEngine.Journal.Continuous;

/// <summary>Why an input event is not on the continuous series (counted per reason, shown in the replay summary).</summary>
public enum ContinuousDrop : byte
{
    /// <summary>An event of a contract of the root that is not the front in its session.</summary>
    NotFront = 0,
    /// <summary>A contract of a month outside the root's roll cycle (GCV13 under months GJMQZ): never the front.</summary>
    OutOfCycle = 1,
    /// <summary>An event of a symbol that is not a contract of the root (another instrument in the same journal).</summary>
    OtherSymbol = 2,
    /// <summary>Prices at another precision than the root's: they would not join the series exactly.</summary>
    Precision = 3,
    /// <summary>Live only: an event before the first trade of any contract of the root, when no front is decided yet.</summary>
    BeforeFirstSession = 4,
}
