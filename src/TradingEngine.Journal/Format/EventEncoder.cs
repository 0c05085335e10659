using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TradingEngine.Types;

namespace TradingEngine.Journal.Format;

/// <summary>
/// Encodes market events into a frame's record stream (before LZ4): one header byte per record whose low 3 bits are
/// the kind and whose high bits say which optional parts follow, then delta + zigzag varints per field (see
/// docs/journal.md for the exact layout). Every field of every payload is kept, bit for bit. Allocation-free.
/// </summary>
internal sealed class EventEncoder
{
    /// <summary>Upper bound of one event record plus a source-sequence jump: the capacity check before each append.</summary>
    public const int MaxEventBytes = 192;

    private readonly FrameCodecState _s = new();
    private readonly byte[] _buffer;
    private int _pos;

    public EventEncoder(int capacity) => _buffer = new byte[capacity + MaxEventBytes + 4096];

    /// <summary>The frame capacity in bytes; a record is appended only while <see cref="Length"/> stays below it.</summary>
    public int Capacity => _buffer.Length - MaxEventBytes - 4096;

    public byte[] Buffer => _buffer;

    public int Length => _pos;

    public int Count { get; private set; }

    public bool IsEmpty => Count == 0 && _pos == 0;

    public bool HasRoomForEvent => _pos < Capacity;

    public void Reset()
    {
        _pos = 0;
        Count = 0;
        _s.Reset();
    }

    /// <summary>Names a symbol id (at most 255 UTF-8 bytes) for readers of the rest of the segment.</summary>
    public void WriteSymbolDefinition(int id, string name)
    {
        var byteCount = Encoding.UTF8.GetByteCount(name);
        if (byteCount > 255)
            ThrowHelper.ThrowArgument($"symbol name '{name}' is {byteCount} UTF-8 bytes; the journal holds at most 255", nameof(name));
        var b = _buffer;
        var p = _pos;
        Put(b, p++, RecordKind.SymbolDefinition);
        p = Varint.Write(b, p, (uint)id);
        p = Varint.Write(b, p, (uint)byteCount);
        p += Encoding.UTF8.GetBytes(name, b.AsSpan(p));
        _pos = p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(in MarketEvent e)
    {
        if ((byte)(e.Kind - 1) >= (byte)MarketEventKind.Gap)
            ThrowHelper.ThrowArgument($"market event kind {(byte)e.Kind} cannot be journaled; expected Tick, Quote, Candle, Timer or Gap", nameof(e));
        var b = _buffer;
        var p = _pos;
        var s = _s;
        if (e.SourceSequence != unchecked(s.Source + 1))
            p = WriteSourceJump(b, p, e.SourceSequence);
        s.Source = e.SourceSequence;
        switch (e.Kind)
        {
            case MarketEventKind.Tick:
                p = WriteTick(b, p, s, in e.Tick);
                break;
            case MarketEventKind.Quote:
                p = WriteQuote(b, p, s, in e.Quote);
                break;
            case MarketEventKind.Candle:
                p = WriteCandle(b, p, s, in e.Candle);
                break;
            case MarketEventKind.Timer:
                p = WriteTimer(b, p, s, in e.Timer);
                break;
            default:
                p = WriteGap(b, p, s, in e.Gap);
                break;
        }
        _pos = p;
        Count++;
    }

    /// <summary>Unchecked store: the capacity check before each record covers <see cref="MaxEventBytes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(byte[] b, int p, byte value) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b), p) = value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int WriteSourceJump(byte[] b, int p, long source)
    {
        Put(b, p++, RecordKind.SourceSequenceJump);
        return Varint.Write(b, p, Varint.ZigZag(unchecked(source - (_s.Source + 1))));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteReceive(byte[] b, int p, FrameCodecState s, long receive, long primaryDelta)
    {
        // the receive clock usually moves with the event clock: store only how far it strays from it
        p = Varint.WriteTime(b, p, unchecked(receive - s.Receive - primaryDelta));
        s.Receive = receive;
        return p;
    }

    private static int WriteTick(byte[] b, int p, FrameCodecState s, in Tick t)
    {
        var presence = (byte)(((t.Flags & TickFlags.HasBid) != 0 || t.BidRaw != 0 ? 1 : 0)
                              | ((t.Flags & TickFlags.HasAsk) != 0 || t.AskRaw != 0 ? 2 : 0));
        var packed = FrameCodecState.PackTickMeta(t.Symbol.Value, t.PricePrecision, t.SizePrecision, (byte)t.Flags, presence);
        var meta = packed != s.TickMeta;
        var pair = FrameCodecState.Pair(t.Venue, t.Conditions);
        int mode;
        var slot = 0;
        if (meta)
        {
            mode = 3;
            slot = FrameCodecState.Slot(pair);
        }
        else if (pair == s.TickPair)
        {
            mode = 0;
        }
        else
        {
            slot = FrameCodecState.Slot(pair);
            mode = s.Pairs[slot] == pair ? 1 : 2;
        }
        var side = (byte)t.Side;
        var receiveChanged = t.ReceiveTime != s.Receive;
        var h = RecordKind.Tick | (side <= 2 ? side : 3) << 3 | (receiveChanged ? 1 << 5 : 0) | mode << 6;
        Put(b, p++, (byte)h);
        if (side > 2)
            Put(b, p++, side);
        if (meta)
        {
            p = Varint.Write(b, p, (uint)t.Symbol.Value);
            Put(b, p++, t.PricePrecision);
            Put(b, p++, t.SizePrecision);
            Put(b, p++, (byte)t.Flags);
            Put(b, p++, presence);
            s.TickMeta = packed;
            s.TickPresence = presence;
        }
        var timeDelta = unchecked(t.EventTime - s.Time);
        p = Varint.WriteTime(b, p, timeDelta);
        s.Time = t.EventTime;
        if (receiveChanged)
            p = WriteReceive(b, p, s, t.ReceiveTime, timeDelta);
        p = Varint.WriteAmount(b, p, unchecked(t.PriceRaw - s.TickPrice));
        s.TickPrice = t.PriceRaw;
        p = Varint.WriteAmount(b, p, t.SizeRaw);
        if ((presence & 1) != 0)
        {
            p = Varint.WriteAmount(b, p, unchecked(t.BidRaw - s.TickBid));
            s.TickBid = t.BidRaw;
        }
        if ((presence & 2) != 0)
        {
            p = Varint.WriteAmount(b, p, unchecked(t.AskRaw - s.TickAsk));
            s.TickAsk = t.AskRaw;
        }
        p = WritePair(b, p, s, mode, slot, pair, t.Venue, t.Conditions);
        s.TickPair = pair;
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WritePair(byte[] b, int p, FrameCodecState s, int mode, int slot, ulong pair, ushort venue, uint conditions)
    {
        if (mode == 1)
        {
            Put(b, p++, (byte)slot);
        }
        else if (mode >= 2)
        {
            p = Varint.Write(b, p, venue);
            p = Varint.Write(b, p, conditions);
            s.Pairs[slot] = pair;
        }
        return p;
    }

    private static int WriteQuote(byte[] b, int p, FrameCodecState s, in Quote q)
    {
        var hasBid = q.BidRaw != 0 || q.BidSizeRaw != 0;
        var hasAsk = q.AskRaw != 0 || q.AskSizeRaw != 0;
        var sides = hasBid ? (hasAsk ? 0 : 1) : (hasAsk ? 2 : 3);
        var meta = q.Symbol.Value != s.QuoteSymbol || q.PricePrecision != s.QuotePricePrecision
                   || q.SizePrecision != s.QuoteSizePrecision || (byte)q.Flags != s.QuoteFlags || q.Reserved != s.QuoteReserved;
        var pair = FrameCodecState.Pair(q.Venue, q.Conditions);
        var slot = FrameCodecState.Slot(pair);
        int mode;
        if (meta) mode = 3;
        else if (pair == s.QuotePair) mode = 0;
        else if (s.Pairs[slot] == pair) mode = 1;
        else mode = 2;
        var receiveChanged = q.ReceiveTime != s.Receive;
        Put(b, p++, (byte)(RecordKind.Quote | sides << 3 | (receiveChanged ? 1 << 5 : 0) | mode << 6));
        if (meta)
        {
            p = Varint.Write(b, p, (uint)q.Symbol.Value);
            Put(b, p++, q.PricePrecision);
            Put(b, p++, q.SizePrecision);
            Put(b, p++, (byte)q.Flags);
            Put(b, p++, q.Reserved);
            s.QuoteSymbol = q.Symbol.Value;
            s.QuotePricePrecision = q.PricePrecision;
            s.QuoteSizePrecision = q.SizePrecision;
            s.QuoteFlags = (byte)q.Flags;
            s.QuoteReserved = q.Reserved;
        }
        var timeDelta = unchecked(q.EventTime - s.Time);
        p = Varint.WriteTime(b, p, timeDelta);
        s.Time = q.EventTime;
        if (receiveChanged)
            p = WriteReceive(b, p, s, q.ReceiveTime, timeDelta);
        if (hasBid)
        {
            p = Varint.WriteAmount(b, p, unchecked(q.BidRaw - s.QuoteBid));
            s.QuoteBid = q.BidRaw;
            p = Varint.WriteAmount(b, p, q.BidSizeRaw);
        }
        if (hasAsk)
        {
            p = Varint.WriteAmount(b, p, unchecked(q.AskRaw - s.QuoteAsk));
            s.QuoteAsk = q.AskRaw;
            p = Varint.WriteAmount(b, p, q.AskSizeRaw);
        }
        p = WritePair(b, p, s, mode, slot, pair, q.Venue, q.Conditions);
        s.QuotePair = pair;
        return p;
    }

    private static int WriteCandle(byte[] b, int p, FrameCodecState s, in Candle c)
    {
        var timeframe = c.Timeframe.Seconds;
        var meta = c.Symbol.Value != s.CandleSymbol || timeframe != s.CandleTimeframe || c.PricePrecision != s.CandlePricePrecision
                   || c.SizePrecision != s.CandleSizePrecision || (byte)c.Flags != s.CandleFlags || c.Reserved != s.CandleReserved;
        var receiveChanged = c.ReceiveTime != s.Receive;
        Put(b, p++, (byte)(RecordKind.Candle | (meta ? 1 << 3 : 0) | (receiveChanged ? 1 << 4 : 0)));
        if (meta)
        {
            p = Varint.Write(b, p, (uint)c.Symbol.Value);
            p = Varint.Write(b, p, (uint)timeframe);
            Put(b, p++, c.PricePrecision);
            Put(b, p++, c.SizePrecision);
            Put(b, p++, (byte)c.Flags);
            Put(b, p++, c.Reserved);
            s.CandleSymbol = c.Symbol.Value;
            s.CandleTimeframe = timeframe;
            s.CandlePricePrecision = c.PricePrecision;
            s.CandleSizePrecision = c.SizePrecision;
            s.CandleFlags = (byte)c.Flags;
            s.CandleReserved = c.Reserved;
        }
        var timeDelta = unchecked(c.OpenTime - s.Time);
        p = Varint.WriteTime(b, p, timeDelta);
        s.Time = c.OpenTime;
        if (receiveChanged)
            p = WriteReceive(b, p, s, c.ReceiveTime, timeDelta);
        p = Varint.WriteTime(b, p, unchecked(c.CloseTime - c.OpenTime));
        p = Varint.WriteTime(b, p, unchecked(c.LastEventTime - c.OpenTime));
        p = Varint.Write(b, p, Varint.ZigZag(c.TickCount));
        p = Varint.WriteAmount(b, p, unchecked(c.OpenRaw - s.CandleClose));
        p = Varint.WriteAmount(b, p, unchecked(c.HighRaw - c.OpenRaw));
        p = Varint.WriteAmount(b, p, unchecked(c.LowRaw - c.OpenRaw));
        p = Varint.WriteAmount(b, p, unchecked(c.CloseRaw - c.OpenRaw));
        p = Varint.WriteAmount(b, p, c.VolumeRaw);
        s.CandleClose = c.CloseRaw;
        return p;
    }

    private static int WriteTimer(byte[] b, int p, FrameCodecState s, in TimerEvent t)
    {
        var symbolChanged = t.Symbol.Value != s.TimerSymbol;
        var receiveChanged = t.ReceiveTime != s.Receive;
        Put(b, p++, (byte)(RecordKind.Timer | (symbolChanged ? 1 << 3 : 0) | (receiveChanged ? 1 << 4 : 0)));
        if (symbolChanged)
        {
            p = Varint.Write(b, p, (uint)t.Symbol.Value);
            s.TimerSymbol = t.Symbol.Value;
        }
        var timeDelta = unchecked(t.EventTime - s.Time);
        p = Varint.WriteTime(b, p, timeDelta);
        s.Time = t.EventTime;
        if (receiveChanged)
            p = WriteReceive(b, p, s, t.ReceiveTime, timeDelta);
        return p;
    }

    private static int WriteGap(byte[] b, int p, FrameCodecState s, in GapEvent g)
    {
        var receiveChanged = g.ReceiveTime != s.Receive;
        Put(b, p++, (byte)(RecordKind.Gap | (receiveChanged ? 1 << 4 : 0)));
        p = Varint.Write(b, p, (uint)g.Symbol.Value);
        Put(b, p++, (byte)g.Reason);
        var timeDelta = unchecked(g.EventTime - s.Time);
        p = Varint.WriteTime(b, p, timeDelta);
        s.Time = g.EventTime;
        if (receiveChanged)
            p = WriteReceive(b, p, s, g.ReceiveTime, timeDelta);
        p = Varint.Write(b, p, Varint.ZigZag(g.LostCount));
        return p;
    }
}
