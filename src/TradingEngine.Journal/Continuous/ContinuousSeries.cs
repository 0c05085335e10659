using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// The second pass of a continuous series: reads the same input again and keeps, of each session, the events of its
/// front contract (<see cref="RollSchedule"/>), renamed to the root's symbol and adjusted (<see cref="ContinuousAdjustment"/>).
/// Before the first event of a new front it emits one <see cref="GapReason.ContractRoll"/> gap event per roll (the node
/// hook: nodes reading <c>gaps</c> see it). Every other event is counted by <see cref="ContinuousDrop"/> reason.
/// Allocates nothing per event after the first examples of each reason.
/// </summary>
public sealed class ContinuousSeries
{
    public delegate bool EventSource(out MarketEvent e);

    private readonly RollSchedule _schedule;
    private readonly ContinuousAdjustment _adjustment;
    private readonly ContractClassifier _classify;
    private readonly TradingSessions _sessions;
    private readonly SymbolRegistry _symbols;
    private readonly SymbolId _series;
    private readonly ContinuousReason[] _drops;
    private long[] _rollTimes;
    private long _lastStart = long.MinValue;
    private int _lastSession;
    private int _lastCount;
    private int _segmentEmitted;
    private MarketEvent _held;
    private bool _holding;

    /// <param name="activity">The first pass over the same input (its root, roll cycle and sessions).</param>
    /// <param name="schedule">The fronts decided from <paramref name="activity"/>.</param>
    /// <param name="series">The id events get on the series (the root's, like ES).</param>
    /// <param name="symbols">The registry the second pass's events are interned in.</param>
    public ContinuousSeries(ContractActivity activity, RollSchedule schedule, ContinuousAdjustment adjustment, SymbolId series, SymbolRegistry symbols)
    {
        _schedule = schedule;
        _adjustment = adjustment;
        _classify = new ContractClassifier(activity.Root, symbols);
        _sessions = new TradingSessions(activity.Root.Session);
        _symbols = symbols;
        _series = series;
        Root = activity.Root;
        var root = activity.Root.Symbol;
        _drops =
        [
            new ContinuousReason($"not the front contract of {root} in its session (continuous series)"),
            new ContinuousReason($"contract month outside {root}'s roll cycle {activity.Roll.Months}"),
            new ContinuousReason($"not a contract of {root} (continuous series)"),
            new ContinuousReason($"price precision other than {root}'s {activity.Root.PricePrecision} (cannot join the continuous series)"),
            new ContinuousReason($"before the first trade of a {root} contract (live: no front decided yet)"),
        ];
        _rollTimes = new long[schedule.Rolls.Count];
    }

    public Instrument Root { get; }

    /// <summary>Events put on the series (roll events not included).</summary>
    public long Mapped { get; private set; }

    /// <summary>Roll events emitted.</summary>
    public int RollsEmitted => _segmentEmitted;

    /// <summary>The event time each roll was emitted at (that of the new front's first event), by roll index; 0: not reached.</summary>
    public IReadOnlyList<long> RollTimes => _rollTimes;

    /// <summary>Every reason with a non-zero count.</summary>
    public IEnumerable<ContinuousReason> Dropped => _drops.Where(d => d.Count > 0);

    public long DroppedCount(ContinuousDrop reason) => _drops[(int)reason].Count;

    /// <summary>The next event of the series (a roll, or an event of the front), reading <paramref name="source"/> as far as needed.</summary>
    public bool TryNext(EventSource source, out MarketEvent e)
    {
        if (_holding)
        {
            if (_segmentEmitted < _schedule.SegmentOf(_lastSession))
            {
                e = RollEvent(_held.EventTime);
                return true;
            }
            _holding = false;
            e = _held;
            Mapped++;
            return true;
        }
        while (source(out e))
        {
            var c = _classify.Classify(e.Symbol, e.EventTime, out var key);
            if (c != ContractClass.InCycle)
            {
                Drop(c == ContractClass.OutOfCycle ? ContinuousDrop.OutOfCycle : ContinuousDrop.OtherSymbol, in e);
                continue;
            }
            if (_schedule.SessionCount == 0)
            {
                Drop(ContinuousDrop.BeforeFirstSession, in e);
                continue;
            }
            var session = SessionOf(e.EventTime);
            if (_schedule.FrontIn(session) != key)
            {
                Drop(ContinuousDrop.NotFront, in e);
                continue;
            }
            if (!Adjust(ref e, _schedule.SegmentOf(session)))
            {
                Drop(ContinuousDrop.Precision, in e);
                continue;
            }
            if (_segmentEmitted < _schedule.SegmentOf(session))
            {
                _held = e;
                _holding = true;
                e = RollEvent(_held.EventTime);
                return true;
            }
            Mapped++;
            return true;
        }
        return false;
    }

    private MarketEvent RollEvent(long eventTime)
    {
        if (_segmentEmitted >= _rollTimes.Length)
            Array.Resize(ref _rollTimes, Math.Max(_schedule.Rolls.Count, _segmentEmitted + 1)); // a live schedule grows its rolls
        _rollTimes[_segmentEmitted] = eventTime;
        _segmentEmitted++;
        return MarketEvent.FromGap(_series, eventTime, 0, GapReason.ContractRoll);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SessionOf(long eventTime)
    {
        var start = _sessions.StartOf(eventTime);
        if (start == _lastStart && _lastCount == _schedule.SessionCount)
            return _lastSession;
        var i = _schedule.SessionIndex(start);
        if (i < 0)
            i = SessionAtOrBefore(start); // a session with no trade (timers only): the front of the session before
        _lastStart = start;
        _lastSession = i;
        _lastCount = _schedule.SessionCount; // a live schedule grows: a session that had no trade yet may have one now
        return i;
    }

    private int SessionAtOrBefore(long start)
    {
        // the last session starting before start (0 when none does)
        int lo = 0, hi = _schedule.SessionCount - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_schedule.SessionStart(mid) < start)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return Math.Max(lo - 1, 0);
    }

    private bool Adjust(ref MarketEvent e, int segment)
    {
        var precision = _schedule.Precision;
        e.Symbol = _series;
        switch (e.Kind)
        {
            case MarketEventKind.Tick:
                if (e.Tick.PricePrecision != precision)
                    return false;
                e.Tick.Symbol = _series;
                e.Tick.PriceRaw = Price(e.Tick.PriceRaw, segment);
                if (e.Tick.HasBid)
                    e.Tick.BidRaw = Price(e.Tick.BidRaw, segment);
                if (e.Tick.HasAsk)
                    e.Tick.AskRaw = Price(e.Tick.AskRaw, segment);
                return true;
            case MarketEventKind.Quote:
                if (e.Quote.PricePrecision != precision)
                    return false;
                e.Quote.Symbol = _series;
                if (e.Quote.HasBid)
                    e.Quote.BidRaw = Price(e.Quote.BidRaw, segment);
                if (e.Quote.HasAsk)
                    e.Quote.AskRaw = Price(e.Quote.AskRaw, segment);
                return true;
            case MarketEventKind.Candle:
                if (e.Candle.PricePrecision != precision)
                    return false;
                e.Candle.Symbol = _series;
                e.Candle.OpenRaw = Price(e.Candle.OpenRaw, segment);
                e.Candle.HighRaw = Price(e.Candle.HighRaw, segment);
                e.Candle.LowRaw = Price(e.Candle.LowRaw, segment);
                e.Candle.CloseRaw = Price(e.Candle.CloseRaw, segment);
                return true;
            case MarketEventKind.Timer:
                e.Timer.Symbol = _series;
                return true;
            case MarketEventKind.Gap:
                e.Gap.Symbol = _series;
                return true;
            default:
                return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Price(long raw, int segment) => _adjustment switch
    {
        ContinuousAdjustment.Difference => raw + _schedule.OffsetOf(segment),
        ContinuousAdjustment.Ratio => (long)Math.Round(raw * _schedule.FactorOf(segment), MidpointRounding.AwayFromZero),
        _ => raw,
    };

    private void Drop(ContinuousDrop reason, in MarketEvent e)
    {
        var d = _drops[(int)reason];
        if (d.NeedsExample)
            d.Add($"{UtcNanos.ToIso8601(e.EventTime)} {(e.Symbol.Value == 0 ? "(journal-wide)" : _symbols.NameOf(e.Symbol))}");
        else
            d.Add();
    }
}
