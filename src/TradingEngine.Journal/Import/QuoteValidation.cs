namespace TradingEngine.Journal.Import;

/// <summary>
/// Checks on a quote row. A side with price 0 and size 0 is absent (per-venue feeds update one side at a time);
/// a present side needs a positive price and a non-negative size, and at least one side must be present.
/// </summary>
internal static class QuoteValidation
{
    public static RowIssue Check(long bid, long bidSize, long ask, long askSize)
    {
        if (bidSize < 0 || askSize < 0)
            return RowIssue.NegativeSize;
        if (bid < 0 || ask < 0 || (bid == 0 && bidSize != 0) || (ask == 0 && askSize != 0))
            return RowIssue.NonPositivePrice;
        if (bidSize == 0 && askSize == 0)
            return RowIssue.ZeroSize;
        return RowIssue.None;
    }
}
