namespace TradingEngine.Journal.Import;

/// <summary>The checks every trade row gets, in the order a report names them.</summary>
internal static class TradeValidation
{
    public static RowIssue Check(long priceRaw, long sizeRaw) =>
        priceRaw <= 0 ? RowIssue.NonPositivePrice
        : sizeRaw == 0 ? RowIssue.ZeroSize
        : sizeRaw < 0 ? RowIssue.NegativeSize
        : RowIssue.None;
}
