using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// A reader of trade rows: its rows get <see cref="TradeValidation"/>, with the price bands of <see cref="Trades"/>
/// when given. Zero-size and out-of-band trades are always dropped, whatever the <see cref="BadRowPolicy"/>: live
/// ingestion refuses them, and a kept row would set prices in replay.
/// </summary>
public abstract class TradeFileReader : MarketDataFileReader<Tick>
{
    private protected TradeFileReader(Stream stream, string source, BadRowPolicy policy, int headerLines, bool leaveOpen, IDisposable? owner)
        : base(stream, source, policy, headerLines, leaveOpen, owner)
    {
    }

    /// <summary>
    /// The guard whose price bands this file's trades are checked against, shared by every file of an import so a
    /// symbol's band carries across days; set before the first read. Null: zero-size trades are still refused.
    /// </summary>
    public TradeGuard? Trades { get; set; }

    private protected RowIssue CheckTrade(SymbolId symbol, long priceRaw, int pricePrecision, long sizeRaw)
    {
        var issue = TradeValidation.Check(Trades, symbol, priceRaw, pricePrecision, sizeRaw);
        return issue == RowIssue.PriceOutOfBand ? OutOfBand(symbol, priceRaw, pricePrecision) : issue;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RowIssue OutOfBand(SymbolId symbol, long priceRaw, int pricePrecision) =>
        Issue(RowIssue.PriceOutOfBand, Trades!.Describe(RejectReason.PriceOutOfBand, symbol, null, priceRaw, pricePrecision));

    private protected override bool AlwaysRejected(RowIssue issue) =>
        issue is RowIssue.ZeroSize or RowIssue.PriceOutOfBand || base.AlwaysRejected(issue);
}
