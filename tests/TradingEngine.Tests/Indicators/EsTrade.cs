using TradingEngine.Indicators.Volume;

namespace TradingEngine.Tests.Indicators;

/// <summary>One row of databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv, prices raw in hundredths.</summary>
internal readonly record struct EsTrade(long UtcNanos, long Price, long Size, AggressorSide Side, bool HasSide, long Bid, long Ask);
