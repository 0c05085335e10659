using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// One input-ring slot: a tagged union of the events a symbol executor consumes. The payloads overlap
/// (explicit layout; all are unmanaged), so a slot is 112 bytes whatever it carries.
/// <see cref="SourceSequence"/> is the position in the source (journal sequence, JetStream stream sequence),
/// used for exactly-once acks and sink watermarks.
/// </summary>
[StructLayout(LayoutKind.Explicit)]
public struct MarketEvent
{
    [FieldOffset(0)] public MarketEventKind Kind;
    [FieldOffset(4)] public SymbolId Symbol;
    [FieldOffset(8)] public long SourceSequence;
    [FieldOffset(16)] public Tick Tick;
    [FieldOffset(16)] public Quote Quote;
    [FieldOffset(16)] public Candle Candle;
    [FieldOffset(16)] public TimerEvent Timer;
    [FieldOffset(16)] public GapEvent Gap;

    /// <summary>Event time of whatever the slot carries.</summary>
    public readonly long EventTime => Kind switch
    {
        MarketEventKind.Tick => Tick.EventTime,
        MarketEventKind.Quote => Quote.EventTime,
        MarketEventKind.Candle => Candle.LastEventTime,
        MarketEventKind.Timer => Timer.EventTime,
        MarketEventKind.Gap => Gap.EventTime,
        _ => 0,
    };

    public static MarketEvent FromTick(in Tick tick, long sourceSequence = 0)
    {
        var e = new MarketEvent { Kind = MarketEventKind.Tick, Symbol = tick.Symbol, SourceSequence = sourceSequence };
        e.Tick = tick;
        return e;
    }

    public static MarketEvent FromQuote(in Quote quote, long sourceSequence = 0)
    {
        var e = new MarketEvent { Kind = MarketEventKind.Quote, Symbol = quote.Symbol, SourceSequence = sourceSequence };
        e.Quote = quote;
        return e;
    }

    public static MarketEvent FromCandle(in Candle candle, long sourceSequence = 0)
    {
        var e = new MarketEvent { Kind = MarketEventKind.Candle, Symbol = candle.Symbol, SourceSequence = sourceSequence };
        e.Candle = candle;
        return e;
    }

    public static MarketEvent FromTimer(SymbolId symbol, long eventTime, long sourceSequence = 0)
    {
        var e = new MarketEvent { Kind = MarketEventKind.Timer, Symbol = symbol, SourceSequence = sourceSequence };
        e.Timer = new TimerEvent { Symbol = symbol, EventTime = eventTime };
        return e;
    }

    public static MarketEvent FromGap(SymbolId symbol, long eventTime, long lostCount, GapReason reason, long sourceSequence = 0)
    {
        var e = new MarketEvent { Kind = MarketEventKind.Gap, Symbol = symbol, SourceSequence = sourceSequence };
        e.Gap = new GapEvent { Symbol = symbol, EventTime = eventTime, LostCount = lostCount, Reason = reason };
        return e;
    }
}
