using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// A swing confirmed at bar <see cref="EmittedIndex"/> (event time <see cref="EventTime"/>, that bar's close time)
/// about the pivot bar <see cref="PivotIndex"/> (open time <see cref="PivotTime"/>); PivotIndex = EmittedIndex − strength.
/// </summary>
internal readonly record struct SwingEvent(
    SwingSide Side,
    SwingClassification Class,
    long PriceRaw,
    long PivotIndex,
    long PivotTime,
    long EmittedIndex,
    long EventTime);
