using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// The checks every trade row gets, in the order a report names them: a positive price and a non-negative size,
/// then the checks live ingestion runs too (<see cref="TradeGuard"/>: zero size, the instrument's price band), so an
/// import decides as the live engine would have.
/// </summary>
internal static class TradeValidation
{
    public static RowIssue Check(TradeGuard? guard, SymbolId symbol, long priceRaw, int pricePrecision, long sizeRaw)
    {
        if (priceRaw <= 0)
            return RowIssue.NonPositivePrice;
        if (sizeRaw < 0)
            return RowIssue.NegativeSize;
        if (guard is null)
            return sizeRaw == 0 ? RowIssue.ZeroSize : RowIssue.None;
        return guard.Check(symbol, priceRaw, pricePrecision, sizeRaw) switch
        {
            RejectReason.None => RowIssue.None,
            RejectReason.ZeroSize => RowIssue.ZeroSize,
            _ => RowIssue.PriceOutOfBand,
        };
    }
}
