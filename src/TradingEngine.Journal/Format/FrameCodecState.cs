namespace TradingEngine.Journal.Format;

/// <summary>
/// What the encoder and decoder remember between records of one frame. It starts from zero at every frame, so a
/// frame decodes on its own (a damaged frame costs only itself, and a reader can skip whole frames).
/// Venue and condition flags travel as a pair through a 64-entry table indexed by a hash of the pair: a repeat of
/// a recent pair costs one byte, a repeat of the previous one nothing.
/// </summary>
internal sealed class FrameCodecState
{
    public const int PairTableSize = 64;
    private const ulong Empty = ulong.MaxValue;

    public long Time;
    public long Receive;
    public long Source;

    public int TickSymbol;
    public byte TickPricePrecision;
    public byte TickSizePrecision;
    public byte TickFlags;
    public byte TickPresence;
    /// <summary>The five tick meta fields above packed into one word, so the encoder compares them at once.</summary>
    public ulong TickMeta;
    public long TickPrice;
    public long TickBid;
    public long TickAsk;
    public ulong TickPair;

    public int QuoteSymbol;
    public byte QuotePricePrecision;
    public byte QuoteSizePrecision;
    public byte QuoteFlags;
    public byte QuoteReserved;
    public long QuoteBid;
    public long QuoteAsk;
    public ulong QuotePair;

    public int CandleSymbol;
    public int CandleTimeframe;
    public byte CandlePricePrecision;
    public byte CandleSizePrecision;
    public byte CandleFlags;
    public byte CandleReserved;
    public long CandleClose;

    public int TimerSymbol;

    public readonly ulong[] Pairs = new ulong[PairTableSize];

    public FrameCodecState() => Reset();

    public void Reset()
    {
        Time = Receive = Source = 0;
        TickSymbol = 0;
        TickPricePrecision = TickSizePrecision = TickFlags = TickPresence = 0;
        TickMeta = 0;
        TickPrice = TickBid = TickAsk = 0;
        TickPair = 0;
        QuoteSymbol = 0;
        QuotePricePrecision = QuoteSizePrecision = QuoteFlags = QuoteReserved = 0;
        QuoteBid = QuoteAsk = 0;
        QuotePair = 0;
        CandleSymbol = CandleTimeframe = 0;
        CandlePricePrecision = CandleSizePrecision = CandleFlags = CandleReserved = 0;
        CandleClose = 0;
        TimerSymbol = 0;
        Array.Fill(Pairs, Empty);
    }

    public static ulong PackTickMeta(int symbol, byte pricePrecision, byte sizePrecision, byte flags, byte presence) =>
        (uint)symbol | (ulong)pricePrecision << 32 | (ulong)sizePrecision << 40 | (ulong)flags << 48 | (ulong)presence << 56;

    public static ulong Pair(ushort venue, uint conditions) => ((ulong)venue << 32) | conditions;

    public static int Slot(ulong pair) => (int)((pair * 0x9E3779B97F4A7C15UL) >> 58);
}
