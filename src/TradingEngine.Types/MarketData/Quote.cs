using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// Best bid and ask (one venue's or the consolidated BBO). A side that is absent has size 0 and price 0,
/// as in per-venue quote feeds that update one side at a time. 64 bytes, no references.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public partial struct Quote
{
    public SymbolId Symbol;
    public byte PricePrecision;
    public byte SizePrecision;
    public QuoteFlags Flags;
    public byte Reserved;
    public long EventTime;
    public long ReceiveTime;
    public long BidRaw;
    public long BidSizeRaw;
    public long AskRaw;
    public long AskSizeRaw;
    public uint Conditions;
    public ushort Venue;

    public readonly Price Bid => new(BidRaw, PricePrecision);
    public readonly Price Ask => new(AskRaw, PricePrecision);
    public readonly Quantity BidSize => new(BidSizeRaw, SizePrecision);
    public readonly Quantity AskSize => new(AskSizeRaw, SizePrecision);
    public readonly bool HasBid => BidSizeRaw != 0 || BidRaw != 0;
    public readonly bool HasAsk => AskSizeRaw != 0 || AskRaw != 0;
    /// <summary>Spread in raw price units (ask − bid), meaningful only when both sides are present.</summary>
    public readonly long SpreadRaw => AskRaw - BidRaw;
}
