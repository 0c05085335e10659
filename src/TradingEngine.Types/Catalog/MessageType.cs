namespace TradingEngine.Types;

/// <summary>
/// The type discriminator of every catalog message: the <c>"type"</c> of the JSON envelope (snake_case of the
/// member name), the kind byte of the binary header and the <see cref="OutputMessage.Kind"/> of an output-ring
/// slot. Values are part of the binary format: never renumber, only append.
/// </summary>
public enum MessageType : byte
{
    None = 0,
    // market data (input ring)
    Tick = 1,
    Quote = 2,
    Candle = 3,
    Timer = 4,
    Gap = 5,
    // market structure
    SwingPoint = 10,
    FairValueGap = 11,
    OrderBlock = 12,
    LiquidityLevel = 13,
    BreakOfStructure = 14,
    // volume analysis
    VolumeProfile = 20,
    DeltaVolume = 21,
    Footprint = 22,
    CumulativeDelta = 23,
    // indicators
    MovingAverage = 30,
    Vwap = 31,
    Rsi = 32,
    Atr = 33,
    /// <summary>A numeric node output (<see cref="NodeValue"/>).</summary>
    NodeValue = 34,
    // strategy
    TradeSignal = 40,
    PositionUpdate = 41,
    RiskMetric = 42,
}
