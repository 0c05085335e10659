using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

/// <summary>
/// What a replay (or a sweep, which feeds many replays from one read) took in: events by kind and the span of their
/// event times, written into the summary's input counts by <see cref="Into"/>.
/// </summary>
public struct InputTally
{
    private long _first = long.MaxValue;
    private long _last = long.MinValue;

    public InputTally()
    {
    }

    public long Events { readonly get; private set; }
    public long Ticks { readonly get; private set; }
    public long Quotes { readonly get; private set; }
    public long CandlesIn { readonly get; private set; }
    public long Timers { readonly get; private set; }
    public long Gaps { readonly get; private set; }

    /// <summary>Counts one event taken in.</summary>
    public void Add(in MarketEvent e)
    {
        Events++;
        switch (e.Kind)
        {
            case MarketEventKind.Tick: Ticks++; break;
            case MarketEventKind.Quote: Quotes++; break;
            case MarketEventKind.Candle: CandlesIn++; break;
            case MarketEventKind.Timer: Timers++; break;
            case MarketEventKind.Gap: Gaps++; break;
        }
        var t = e.EventTime;
        if (t < _first) _first = t;
        if (t > _last) _last = t;
    }

    /// <summary><paramref name="summary"/> with these input counts and the event-time span (0 and 0 with no event).</summary>
    public readonly ReplaySummary Into(ReplaySummary summary) => summary with
    {
        Events = Events,
        Ticks = Ticks,
        Quotes = Quotes,
        CandlesIn = CandlesIn,
        Timers = Timers,
        Gaps = Gaps,
        FirstEventTime = Events == 0 ? 0 : _first,
        LastEventTime = Events == 0 ? 0 : _last,
    };
}
