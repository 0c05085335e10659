using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// One trade print. 64 bytes, one cache line, no references: it lives in ring slots and journal frames as is.
/// Prices are <c>raw / 10^PricePrecision</c> (bid and ask share the trade's precision), the size is
/// <c>SizeRaw / 10^SizePrecision</c>. <see cref="EventTime"/> is the exchange's time, <see cref="ReceiveTime"/>
/// ours, both UTC nanoseconds; engine logic reads event time only.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public partial struct Tick
{
    public SymbolId Symbol;
    public byte PricePrecision;
    public byte SizePrecision;
    public AggressorSide Side;
    public TickFlags Flags;
    public long EventTime;
    public long ReceiveTime;
    public long PriceRaw;
    public long SizeRaw;
    public long BidRaw;
    public long AskRaw;
    /// <summary>Vendor sale-condition bit flags (AlgoSeek's hex flags for Lean data; 0 when none).</summary>
    public uint Conditions;
    /// <summary>Venue code: an ASCII letter such as 'P' (Arca) or 'Q' (Nasdaq), 0 when unknown.</summary>
    public ushort Venue;

    public readonly Price Price => new(PriceRaw, PricePrecision);
    public readonly Quantity Size => new(SizeRaw, SizePrecision);
    public readonly bool HasBid => (Flags & TickFlags.HasBid) != 0;
    public readonly bool HasAsk => (Flags & TickFlags.HasAsk) != 0;
    public readonly Price? Bid => HasBid ? new Price(BidRaw, PricePrecision) : null;
    public readonly Price? Ask => HasAsk ? new Price(AskRaw, PricePrecision) : null;
    public readonly bool IsSuspicious => (Flags & TickFlags.Suspicious) != 0;

    public static Tick Create(SymbolId symbol, long eventTime, Price price, Quantity size, long receiveTime = 0) => new()
    {
        Symbol = symbol,
        EventTime = eventTime,
        ReceiveTime = receiveTime,
        PriceRaw = price.Raw,
        PricePrecision = price.Precision,
        SizeRaw = size.Raw,
        SizePrecision = size.Precision,
    };

    /// <summary>Sets the best bid and ask in force at the trade; both are rescaled to the trade's precision.</summary>
    public void SetQuote(Price? bid, Price? ask)
    {
        Flags &= ~(TickFlags.HasBid | TickFlags.HasAsk);
        BidRaw = AskRaw = 0;
        if (bid is { } b)
        {
            BidRaw = b.WithPrecision(PricePrecision).Raw;
            Flags |= TickFlags.HasBid;
        }
        if (ask is { } a)
        {
            AskRaw = a.WithPrecision(PricePrecision).Raw;
            Flags |= TickFlags.HasAsk;
        }
    }
}
