using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// The continuous series of a live run (<c>te run --continuous ROOT</c>): the root's contract feeds, event by event in
/// arrival order, become one unadjusted series named after the root, with the same roll events and the same counts by
/// reason as <c>te replay --continuous ROOT --adjust none</c> of the run's journal. It is that replay's
/// <see cref="ContinuousSeries"/> over a <see cref="RollSchedule.Growing"/> schedule: a session joins the schedule at
/// its first trade (a trade of a later session than the last), its front decided then from the sessions before, which
/// is all the replay's schedule uses too. Allocates nothing per event (a dictionary per session and contract).
/// </summary>
public sealed class LiveContinuousSeries
{
    private readonly ContractActivity _activity;
    private readonly RollSchedule _schedule;
    private readonly ContinuousSeries _series;
    private readonly ContinuousSeries.EventSource _source;
    private MarketEvent _pending;
    private bool _hasPending;

    /// <param name="root">The future root (its <c>roll:</c>, session and price precision), from the instrument registry.</param>
    /// <param name="series">The root's id in <paramref name="symbols"/>: the symbol of every event of the series.</param>
    /// <param name="symbols">The registry the live events are interned in.</param>
    public LiveContinuousSeries(Instrument root, SymbolId series, SymbolRegistry symbols, OpenInterestTable? openInterest = null)
    {
        _activity = new ContractActivity(root, symbols);
        _schedule = RollSchedule.Growing(_activity, openInterest);
        _series = new ContinuousSeries(_activity, _schedule, ContinuousAdjustment.None, series, symbols);
        _source = ReadPending;
    }

    public ContinuousSeries Series => _series;

    public RollSchedule Schedule => _schedule;

    /// <summary>Takes the next input event: call <see cref="TryNext"/> until it returns false for what it puts on the series.</summary>
    public void Add(in MarketEvent e)
    {
        var trades = _activity.Events;
        _activity.Observe(in e);
        if (_activity.Events != trades)
        {
            var start = _activity.Sessions.StartOf(e.EventTime);
            if (start > _schedule.LastSessionStart)
                _schedule.AddSession(start);
        }
        _pending = e;
        _hasPending = true;
    }

    /// <summary>The next event of the series from what <see cref="Add"/> gave: a roll event, then the event itself (0, 1 or 2 in all).</summary>
    public bool TryNext(out MarketEvent e) => _series.TryNext(_source, out e);

    private bool ReadPending(out MarketEvent e)
    {
        e = _pending;
        if (!_hasPending)
            return false;
        _hasPending = false;
        return true;
    }
}
