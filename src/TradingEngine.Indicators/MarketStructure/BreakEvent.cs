using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// A break of the swing at <see cref="SwingIndex"/> (pivot open time <see cref="SwingTime"/>, price
/// <see cref="LevelRaw"/>) by bar <see cref="EmittedIndex"/> (close time <see cref="EventTime"/>) at
/// <see cref="BreakPriceRaw"/> (its close, or its high/low when breaking by wick).
/// </summary>
internal readonly record struct BreakEvent(
    StructureDirection Direction,
    BreakKind Kind,
    long LevelRaw,
    long BreakPriceRaw,
    long SwingIndex,
    long SwingTime,
    long EmittedIndex,
    long EventTime);
