namespace TradingEngine.Journal.Import;

/// <summary>The Lean trade-bar files we read, told apart by name (see <see cref="LeanBarReader.Detect"/>).</summary>
internal enum LeanBarLayout : byte
{
    /// <summary><c>YYYYMMDD_{sym}_minute_trade.csv</c>: ms since New York midnight (bar start), deci-cents.</summary>
    EquityMinute = 0,
    /// <summary><c>YYYYMMDD_{sym}_minute_trade_{expiry}.csv</c>: ms since UTC midnight (bar start), plain decimal prices.</summary>
    FuturesMinute = 1,
    /// <summary><c>{sym}.csv</c>: <c>YYYYMMDD 00:00</c>, deci-cents, one bar per New York day.</summary>
    EquityDaily = 2,
}
