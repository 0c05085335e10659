using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// Which contract is the front in each trading session of a future root, the rolls between them and each segment's
/// back-adjustment. Decided session by session from the sessions before only (<see cref="ContractKey.CalendarFront"/>
/// for the first, the root's <see cref="FutureRoll.Rule"/> on the previous session's volume, open interest or the
/// calendar after that), so a live run deciding as sessions close gets the same fronts and rolls. A roll the data cannot
/// place (no trade of one of the contracts in the session before, no open interest) waits for the next session and is
/// counted in <see cref="Deferred"/>.
/// </summary>
public sealed class RollSchedule
{
    private readonly List<long> _starts = [];
    private readonly List<ContractKey> _front = [];
    private readonly List<int> _segment = [];
    private readonly List<ContractRoll> _rolls = [];
    private readonly Dictionary<string, ContinuousReason> _deferred = new(StringComparer.Ordinal);
    private readonly List<ContinuousReason> _deferredList = [];
    private readonly ContractActivity _activity;
    private readonly OpenInterestTable? _openInterest;
    private long[] _offset = [0];
    private double[] _factor = [1];
    private ContractKey _current;

    private RollSchedule(ContractActivity activity, OpenInterestTable? openInterest)
    {
        var roll = activity.Roll;
        if (roll.Rule == RollRule.OpenInterest && openInterest is null)
            throw new ArgumentException($"{activity.Root.Symbol} rolls by open interest (instrument registry): give the daily open interest (--open-interest FILE, docs/rolls.md)");
        _activity = activity;
        _openInterest = openInterest;
        Precision = activity.Root.PricePrecision;
    }

    /// <summary>
    /// An empty schedule that grows session by session as a live run sees them (<see cref="AddSession"/>): the same
    /// decisions as <see cref="Build"/> over the same events, since each uses only the sessions before. Its segments are
    /// never adjusted (<see cref="OffsetOf"/> 0, <see cref="FactorOf"/> 1): a live series is unadjusted.
    /// </summary>
    public static RollSchedule Growing(ContractActivity activity, OpenInterestTable? openInterest = null) => new(activity, openInterest);

    public IReadOnlyList<ContractRoll> Rolls => _rolls;

    /// <summary>Rolls the data could not place in a session, by reason, with the sessions it happened in.</summary>
    public IReadOnlyList<ContinuousReason> Deferred => _deferredList;

    /// <summary>The root's price precision (every offset is at it).</summary>
    public byte Precision { get; }

    /// <summary>The start of the last session (long.MinValue when none).</summary>
    public long LastSessionStart => _starts.Count == 0 ? long.MinValue : _starts[^1];

    public int SessionCount => _starts.Count;

    /// <summary>The index of the session starting at <paramref name="start"/>, or −1.</summary>
    public int SessionIndex(long start) => _starts.BinarySearch(start) is var i and >= 0 ? i : -1;

    public ContractKey FrontIn(int session) => _front[session];

    /// <summary>The start (UTC ns) of session <paramref name="session"/>.</summary>
    public long SessionStart(int session) => _starts[session];

    /// <summary>The segment (0 before the first roll) of session <paramref name="session"/>.</summary>
    public int SegmentOf(int session) => _segment[session];

    /// <summary>Raw points (at <see cref="Precision"/>) added to prices of segment <paramref name="segment"/> under difference adjustment.</summary>
    public long OffsetOf(int segment) => segment < _offset.Length ? _offset[segment] : 0;

    /// <summary>The factor of prices of segment <paramref name="segment"/> under ratio adjustment.</summary>
    public double FactorOf(int segment) => segment < _factor.Length ? _factor[segment] : 1;

    /// <summary>Decides the fronts of every session of <paramref name="activity"/>; <paramref name="openInterest"/> is required by rule open_interest.</summary>
    public static RollSchedule Build(ContractActivity activity, OpenInterestTable? openInterest = null)
    {
        var schedule = new RollSchedule(activity, openInterest);
        foreach (var start in activity.SessionStarts)
            schedule.AddSession(start);
        schedule.Adjust();
        return schedule;
    }

    /// <summary>
    /// Appends the session starting at <paramref name="start"/> (after every session so far) and decides its front from
    /// the session before: the first from the calendar, the others by the root's rule on what the activity holds of the
    /// previous session. Returns the roll this session starts with, or null.
    /// </summary>
    public ContractRoll? AddSession(long start)
    {
        var activity = _activity;
        var roll = activity.Roll;
        if (_starts.Count > 0 && start <= _starts[^1])
            throw new ArgumentOutOfRangeException(nameof(start), start, $"session {UtcNanos.ToIso8601(start)} is not after the last one, {UtcNanos.ToIso8601(_starts[^1])}");
        ContractRoll? rolled = null;
        if (_starts.Count == 0)
            _current = ContractKey.CalendarFront(roll, activity.Sessions.TradingDate(start));
        else
        {
            var date = activity.Sessions.TradingDate(start);
            var previous = _starts[^1];
            var before = activity.In(previous);
            var beforeDate = activity.Sessions.TradingDate(previous);
            var front = _current;
            var (target, why) = Decide(roll, front, date, before, beforeDate, _openInterest, activity, _deferred, _deferredList);
            if (target is { } to)
            {
                before.TryGetValue(front, out var old);
                before.TryGetValue(to, out var next);
                if (!old.HasPrice || !next.HasPrice)
                {
                    var missing = old.HasPrice ? to : front;
                    Defer(_deferred, _deferredList, $"roll deferred: no trade of the contract in the session before", $"{date:yyyy-MM-dd} {activity.NameOf(front)} -> {activity.NameOf(to)}: none of {activity.NameOf(missing)} on {beforeDate:yyyy-MM-dd}");
                }
                else
                {
                    rolled = new ContractRoll(date, start, activity.NameOf(front), activity.NameOf(to), old.LastPriceRaw, next.LastPriceRaw, activity.Root.PricePrecision, why);
                    _rolls.Add(rolled);
                    _current = to;
                }
            }
        }
        _starts.Add(start);
        _front.Add(_current);
        _segment.Add(_rolls.Count);
        return rolled;
    }

    // each segment's back-adjustment, from the last segment (never adjusted) backwards
    private void Adjust()
    {
        _offset = new long[_rolls.Count + 1];
        _factor = new double[_rolls.Count + 1];
        _factor[_rolls.Count] = 1;
        for (var j = _rolls.Count - 1; j >= 0; j--)
        {
            _offset[j] = _offset[j + 1] + _rolls[j].NewRaw - _rolls[j].OldRaw;
            _factor[j] = _factor[j + 1] * _rolls[j].NewRaw / _rolls[j].OldRaw;
        }
    }

    private static (ContractKey? Target, string Why) Decide(FutureRoll roll, ContractKey front, DateOnly date, IReadOnlyDictionary<ContractKey, ContractActivity.Stats> before,
        DateOnly beforeDate, OpenInterestTable? openInterest, ContractActivity activity, Dictionary<string, ContinuousReason> deferred, List<ContinuousReason> deferredList)
    {
        if (roll.Rule == RollRule.DaysBeforeExpiry)
        {
            if (date < roll.RollDateOf(front.Year, front.Month))
                return (null, "");
            var next = ContractKey.CalendarFront(roll, date);
            return next > front ? (next, $"{roll.DaysBeforeExpiry} business days before {activity.NameOf(front)} expires {roll.ExpiryOf(front.Year, front.Month):yyyy-MM-dd}") : (null, "");
        }
        long Measure(ContractKey key, out bool known)
        {
            known = true;
            if (roll.Rule == RollRule.Volume)
                return before.TryGetValue(key, out var st) ? st.Volume : 0;
            known = openInterest!.TryGet(beforeDate, key, out var oi);
            return oi;
        }
        var frontMeasure = Measure(front, out var frontKnown);
        ContractKey? best = null;
        long bestMeasure = 0;
        foreach (var key in before.Keys.Where(k => k > front).Order())
        {
            var m = Measure(key, out var known);
            if (!known)
                continue;
            if (m > bestMeasure)
                (best, bestMeasure) = (key, m);
        }
        if (best is not { } candidate || bestMeasure <= frontMeasure)
            return (null, "");
        if (!frontKnown)
        {
            Defer(deferred, deferredList, "roll deferred: no open interest of the front", $"{date:yyyy-MM-dd}: none of {activity.NameOf(front)} on {beforeDate:yyyy-MM-dd}");
            return (null, "");
        }
        var what = roll.Rule == RollRule.Volume ? "volume" : "open interest";
        return (candidate, $"{what} {bestMeasure} > {frontMeasure} on {beforeDate:yyyy-MM-dd}");
    }

    private static void Defer(Dictionary<string, ContinuousReason> deferred, List<ContinuousReason> deferredList, string reason, string example)
    {
        if (!deferred.TryGetValue(reason, out var r))
        {
            deferred[reason] = r = new ContinuousReason(reason);
            deferredList.Add(r);
        }
        r.Add(example);
    }
}
