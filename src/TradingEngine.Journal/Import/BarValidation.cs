namespace TradingEngine.Journal.Import;

/// <summary>The checks every OHLCV row gets, in the order a report names them. Raw values share one precision.</summary>
internal static class BarValidation
{
    public static RowIssue Check(long open, long high, long low, long close, long volume) =>
        open <= 0 || high <= 0 || low <= 0 || close <= 0 ? RowIssue.NonPositivePrice
        : volume < 0 ? RowIssue.NegativeSize
        : high < low || open > high || open < low || close > high || close < low ? RowIssue.InconsistentOhlc
        : volume == 0 ? RowIssue.ZeroSize
        : RowIssue.None;
}
