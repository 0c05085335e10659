using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// A liquidity level formed, touched again, swept or broken at bar <see cref="EmittedIndex"/> (close time
/// <see cref="EventTime"/>); it refers to the pivot bar of its first swing <see cref="FormedIndex"/> (open time
/// <see cref="FormedTime"/>). State: Active (formed or touched again; <see cref="Touches"/> swings), Filled = swept
/// and closed back, Invalidated = broken with a close beyond.
/// </summary>
internal readonly record struct LiquidityEvent(
    LiquiditySide Side,
    ZoneState State,
    int Touches,
    long PriceRaw,
    long FormedIndex,
    long FormedTime,
    long EmittedIndex,
    long EventTime);
