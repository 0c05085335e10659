using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// An order block formed or changing state at bar <see cref="EmittedIndex"/> (close time <see cref="EventTime"/>);
/// it refers to its origin candle <see cref="OriginIndex"/> (open time <see cref="OriginTime"/>). State:
/// Active = fresh, Filled = mitigated, Invalidated.
/// </summary>
internal readonly record struct OrderBlockEvent(
    StructureDirection Direction,
    ZoneState State,
    long TopRaw,
    long BottomRaw,
    long VolumeRaw,
    long OriginIndex,
    long OriginTime,
    long EmittedIndex,
    long EventTime);
