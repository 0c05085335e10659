namespace TradingEngine.Indicators;

/// <summary>Tag written as the first byte of every indicator snapshot.</summary>
internal enum IndicatorKind : byte
{
    Sma = 1,
    Ema = 2,
    Wma = 3,
    Rsi = 4,
    Atr = 5,
    Vwap = 6,
    CumulativeDelta = 7,
    DeltaVolume = 8,
    Footprint = 9,
    VolumeProfile = 10,
    AggressorClassifier = 11,
    RollingVolumeProfile = 12,
    TickVwap = 13,
}
