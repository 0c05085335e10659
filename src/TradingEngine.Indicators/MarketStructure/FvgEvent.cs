using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// A fair value gap formed or changing state at bar <see cref="EmittedIndex"/> (close time <see cref="EventTime"/>);
/// the gap refers to its middle bar <see cref="FormedIndex"/> (open time <see cref="FormedTime"/>).
/// </summary>
internal readonly record struct FvgEvent(
    StructureDirection Direction,
    ZoneState State,
    long TopRaw,
    long BottomRaw,
    long FormedIndex,
    long FormedTime,
    long EmittedIndex,
    long EventTime);
