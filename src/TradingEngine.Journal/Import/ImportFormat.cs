namespace TradingEngine.Journal.Import;

/// <summary>The input formats <c>te import --format</c> reads (the names are the command-line spellings).</summary>
public enum ImportFormat : byte
{
    /// <summary><c>lean-equity-trades</c>: <see cref="LeanEquityTradeReader"/>.</summary>
    LeanEquityTrades,
    /// <summary><c>lean-equity-quotes</c>: <see cref="LeanEquityQuoteReader"/> (CSV or Lean zip).</summary>
    LeanEquityQuotes,
    /// <summary><c>lean-futures-trades</c>: <see cref="LeanFuturesTradeReader"/>.</summary>
    LeanFuturesTrades,
    /// <summary><c>es-trades-bbo</c>: <see cref="CsvTickReader.DatabentoTradesWithBbo"/>.</summary>
    EsTradesBbo,
    /// <summary><c>lean-bars</c>: <see cref="LeanBarReader"/> (minute and daily trade bars).</summary>
    LeanBars,
    /// <summary><c>skender-bars</c>: <see cref="CsvBarReader.Skender"/>.</summary>
    SkenderBars,
    /// <summary><c>nautilus-bars</c>: <see cref="CsvBarReader.Nautilus"/>.</summary>
    NautilusBars,
    /// <summary><c>csv</c>: <see cref="CsvTickReader"/> or <see cref="CsvBarReader"/> per the column map.</summary>
    Csv,
}
