using System.Runtime.CompilerServices;
using System.Text;
using TradingEngine.Types;

namespace TradingEngine.Journal.Format;

/// <summary>
/// Decodes one frame's record stream back into market events: the exact mirror of <see cref="EventEncoder"/>.
/// Symbol definitions met on the way stop <see cref="TryNext"/> with <see cref="SymbolDefined"/> set instead of an event.
/// Any inconsistency throws <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class EventDecoder
{
    private readonly FrameCodecState _s = new();
    private PayloadReader _r;

    /// <summary>Set when <see cref="TryNext"/> stopped at a symbol definition rather than an event.</summary>
    public bool SymbolDefined { get; private set; }

    public int DefinedSymbolId { get; private set; }

    public string DefinedSymbolName { get; private set; } = "";

    /// <summary>The source sequence the event carried when it was appended.</summary>
    public long SourceSequence => _s.Source;

    public bool AtEnd => _r.AtEnd;

    public int Position => _r.Position;

    public void Start(byte[] payload, int length)
    {
        _s.Reset();
        _r = new PayloadReader(payload, length);
    }

    /// <summary>
    /// Reads the next record. Returns false at the end of the payload. When the record is a symbol definition,
    /// <see cref="SymbolDefined"/> is true and <paramref name="e"/> is untouched.
    /// </summary>
    public bool TryNext(ref MarketEvent e)
    {
        SymbolDefined = false;
        var s = _s;
        while (true)
        {
            if (_r.AtEnd)
                return false;
            var h = _r.ReadByte();
            switch (h & RecordKind.Mask)
            {
                case RecordKind.SourceSequenceJump:
                    s.Source = unchecked(s.Source + _r.ReadZigZag());
                    if (_r.AtEnd)
                        ThrowHelper.ThrowInvalidData("source-sequence jump at the end of a frame; expected an event after it");
                    continue;
                case RecordKind.SymbolDefinition:
                    ReadSymbolDefinition();
                    return true;
                case RecordKind.Tick:
                    e = default;
                    e.Kind = MarketEventKind.Tick;
                    ReadTick(h, ref e.Tick);
                    e.Symbol = e.Tick.Symbol;
                    break;
                case RecordKind.Quote:
                    e = default;
                    e.Kind = MarketEventKind.Quote;
                    ReadQuote(h, ref e.Quote);
                    e.Symbol = e.Quote.Symbol;
                    break;
                case RecordKind.Candle:
                    e = default;
                    e.Kind = MarketEventKind.Candle;
                    ReadCandle(h, ref e.Candle);
                    e.Symbol = e.Candle.Symbol;
                    break;
                case RecordKind.Timer:
                    e = default;
                    e.Kind = MarketEventKind.Timer;
                    ReadTimer(h, ref e.Timer);
                    e.Symbol = e.Timer.Symbol;
                    break;
                case RecordKind.Gap:
                    e = default;
                    e.Kind = MarketEventKind.Gap;
                    ReadGap(h, ref e.Gap);
                    e.Symbol = e.Gap.Symbol;
                    break;
                default:
                    ThrowHelper.ThrowInvalidData($"record kind 0 at payload offset {_r.Position - 1}; expected 1..7");
                    break;
            }
            s.Source = unchecked(s.Source + 1);
            return true;
        }
    }

    private void ReadSymbolDefinition()
    {
        DefinedSymbolId = (int)(uint)_r.ReadVarint();
        var length = _r.ReadVarint();
        if (length > 255)
            ThrowHelper.ThrowInvalidData($"symbol name of {length} bytes; the journal holds at most 255");
        DefinedSymbolName = Encoding.UTF8.GetString(_r.ReadBytes((int)length));
        SymbolDefined = true;
        // a definition does not consume a source sequence
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long ReadReceive(long primaryDelta)
    {
        _s.Receive = unchecked(_s.Receive + _r.ReadTime() + primaryDelta);
        return _s.Receive;
    }

    private void ReadTick(byte h, ref Tick t)
    {
        var s = _s;
        var side = (h >> 3) & 3;
        t.Side = (AggressorSide)(side == 3 ? _r.ReadByte() : side);
        var mode = h >> 6;
        if (mode == 3)
        {
            s.TickSymbol = (int)(uint)_r.ReadVarint();
            s.TickPricePrecision = _r.ReadByte();
            s.TickSizePrecision = _r.ReadByte();
            s.TickFlags = _r.ReadByte();
            s.TickPresence = _r.ReadByte();
        }
        t.Symbol = new SymbolId(s.TickSymbol);
        t.PricePrecision = s.TickPricePrecision;
        t.SizePrecision = s.TickSizePrecision;
        t.Flags = (TickFlags)s.TickFlags;
        var timeDelta = _r.ReadTime();
        s.Time = unchecked(s.Time + timeDelta);
        t.EventTime = s.Time;
        t.ReceiveTime = (h & (1 << 5)) != 0 ? ReadReceive(timeDelta) : s.Receive;
        s.TickPrice = unchecked(s.TickPrice + _r.ReadAmount());
        t.PriceRaw = s.TickPrice;
        t.SizeRaw = _r.ReadAmount();
        if ((s.TickPresence & 1) != 0)
        {
            s.TickBid = unchecked(s.TickBid + _r.ReadAmount());
            t.BidRaw = s.TickBid;
        }
        if ((s.TickPresence & 2) != 0)
        {
            s.TickAsk = unchecked(s.TickAsk + _r.ReadAmount());
            t.AskRaw = s.TickAsk;
        }
        s.TickPair = ReadPair(mode, s.TickPair);
        t.Venue = (ushort)(s.TickPair >> 32);
        t.Conditions = (uint)s.TickPair;
    }

    private ulong ReadPair(int mode, ulong previous)
    {
        switch (mode)
        {
            case 0:
                return previous;
            case 1:
            {
                var slot = _r.ReadByte();
                if (slot >= FrameCodecState.PairTableSize || _s.Pairs[slot] == ulong.MaxValue)
                    ThrowHelper.ThrowInvalidData($"venue/condition slot {slot} is empty");
                return _s.Pairs[slot];
            }
            default:
            {
                var venue = _r.ReadVarint();
                var conditions = _r.ReadVarint();
                if (venue > ushort.MaxValue || conditions > uint.MaxValue)
                    ThrowHelper.ThrowInvalidData($"venue {venue} or conditions {conditions} out of range");
                var pair = FrameCodecState.Pair((ushort)venue, (uint)conditions);
                _s.Pairs[FrameCodecState.Slot(pair)] = pair;
                return pair;
            }
        }
    }

    private void ReadQuote(byte h, ref Quote q)
    {
        var s = _s;
        var sides = (h >> 3) & 3;
        var mode = h >> 6;
        if (mode == 3)
        {
            s.QuoteSymbol = (int)(uint)_r.ReadVarint();
            s.QuotePricePrecision = _r.ReadByte();
            s.QuoteSizePrecision = _r.ReadByte();
            s.QuoteFlags = _r.ReadByte();
            s.QuoteReserved = _r.ReadByte();
        }
        q.Symbol = new SymbolId(s.QuoteSymbol);
        q.PricePrecision = s.QuotePricePrecision;
        q.SizePrecision = s.QuoteSizePrecision;
        q.Flags = (QuoteFlags)s.QuoteFlags;
        q.Reserved = s.QuoteReserved;
        var timeDelta = _r.ReadTime();
        s.Time = unchecked(s.Time + timeDelta);
        q.EventTime = s.Time;
        q.ReceiveTime = (h & (1 << 5)) != 0 ? ReadReceive(timeDelta) : s.Receive;
        if (sides is 0 or 1)
        {
            s.QuoteBid = unchecked(s.QuoteBid + _r.ReadAmount());
            q.BidRaw = s.QuoteBid;
            q.BidSizeRaw = _r.ReadAmount();
        }
        if (sides is 0 or 2)
        {
            s.QuoteAsk = unchecked(s.QuoteAsk + _r.ReadAmount());
            q.AskRaw = s.QuoteAsk;
            q.AskSizeRaw = _r.ReadAmount();
        }
        s.QuotePair = ReadPair(mode, s.QuotePair);
        q.Venue = (ushort)(s.QuotePair >> 32);
        q.Conditions = (uint)s.QuotePair;
    }

    private void ReadCandle(byte h, ref Candle c)
    {
        var s = _s;
        if ((h & (1 << 3)) != 0)
        {
            s.CandleSymbol = (int)(uint)_r.ReadVarint();
            s.CandleTimeframe = (int)(uint)_r.ReadVarint();
            s.CandlePricePrecision = _r.ReadByte();
            s.CandleSizePrecision = _r.ReadByte();
            s.CandleFlags = _r.ReadByte();
            s.CandleReserved = _r.ReadByte();
        }
        c.Symbol = new SymbolId(s.CandleSymbol);
        var seconds = s.CandleTimeframe;
        // the stored seconds are restored bit for bit, without the constructor's range check
        c.Timeframe = Unsafe.As<int, Timeframe>(ref seconds);
        c.PricePrecision = s.CandlePricePrecision;
        c.SizePrecision = s.CandleSizePrecision;
        c.Flags = (CandleFlags)s.CandleFlags;
        c.Reserved = s.CandleReserved;
        var timeDelta = _r.ReadTime();
        s.Time = unchecked(s.Time + timeDelta);
        c.OpenTime = s.Time;
        c.ReceiveTime = (h & (1 << 4)) != 0 ? ReadReceive(timeDelta) : s.Receive;
        c.CloseTime = unchecked(c.OpenTime + _r.ReadTime());
        c.LastEventTime = unchecked(c.OpenTime + _r.ReadTime());
        var tickCount = _r.ReadZigZag();
        if (tickCount is < int.MinValue or > int.MaxValue)
            ThrowHelper.ThrowInvalidData($"candle tick count {tickCount} out of range");
        c.TickCount = (int)tickCount;
        c.OpenRaw = unchecked(s.CandleClose + _r.ReadAmount());
        c.HighRaw = unchecked(c.OpenRaw + _r.ReadAmount());
        c.LowRaw = unchecked(c.OpenRaw + _r.ReadAmount());
        c.CloseRaw = unchecked(c.OpenRaw + _r.ReadAmount());
        c.VolumeRaw = _r.ReadAmount();
        s.CandleClose = c.CloseRaw;
    }

    private void ReadTimer(byte h, ref TimerEvent t)
    {
        var s = _s;
        if ((h & (1 << 3)) != 0)
            s.TimerSymbol = (int)(uint)_r.ReadVarint();
        t.Symbol = new SymbolId(s.TimerSymbol);
        var timeDelta = _r.ReadTime();
        s.Time = unchecked(s.Time + timeDelta);
        t.EventTime = s.Time;
        t.ReceiveTime = (h & (1 << 4)) != 0 ? ReadReceive(timeDelta) : s.Receive;
    }

    private void ReadGap(byte h, ref GapEvent g)
    {
        var s = _s;
        g.Symbol = new SymbolId((int)(uint)_r.ReadVarint());
        g.Reason = (GapReason)_r.ReadByte();
        var timeDelta = _r.ReadTime();
        s.Time = unchecked(s.Time + timeDelta);
        g.EventTime = s.Time;
        g.ReceiveTime = (h & (1 << 4)) != 0 ? ReadReceive(timeDelta) : s.Receive;
        g.LostCount = _r.ReadZigZag();
    }
}
