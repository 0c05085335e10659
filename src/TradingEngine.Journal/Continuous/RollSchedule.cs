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
    private readonly long[] _starts;
    private readonly ContractKey[] _front;
    private readonly int[] _segment;
    private readonly long[] _offset;
    private readonly double[] _factor;

    private RollSchedule(long[] starts, ContractKey[] front, int[] segment, List<ContractRoll> rolls, List<ContinuousReason> deferred, byte precision)
    {
        _starts = starts;
        _front = front;
        _segment = segment;
        Rolls = rolls;
        Deferred = deferred;
        Precision = precision;
        _offset = new long[rolls.Count + 1];
        _factor = new double[rolls.Count + 1];
        _factor[rolls.Count] = 1;
        for (var j = rolls.Count - 1; j >= 0; j--)
        {
            _offset[j] = _offset[j + 1] + rolls[j].NewRaw - rolls[j].OldRaw;
            _factor[j] = _factor[j + 1] * rolls[j].NewRaw / rolls[j].OldRaw;
        }
    }

    public IReadOnlyList<ContractRoll> Rolls { get; }

    /// <summary>Rolls the data could not place in a session, by reason, with the sessions it happened in.</summary>
    public IReadOnlyList<ContinuousReason> Deferred { get; }

    /// <summary>The root's price precision (every offset is at it).</summary>
    public byte Precision { get; }

    public int SessionCount => _starts.Length;

    /// <summary>The index of the session starting at <paramref name="start"/>, or −1.</summary>
    public int SessionIndex(long start) => Array.BinarySearch(_starts, start) is var i and >= 0 ? i : -1;

    public ContractKey FrontIn(int session) => _front[session];

    /// <summary>The start (UTC ns) of session <paramref name="session"/>.</summary>
    public long SessionStart(int session) => _starts[session];

    /// <summary>The segment (0 before the first roll) of session <paramref name="session"/>.</summary>
    public int SegmentOf(int session) => _segment[session];

    /// <summary>Raw points (at <see cref="Precision"/>) added to prices of segment <paramref name="segment"/> under difference adjustment.</summary>
    public long OffsetOf(int segment) => _offset[segment];

    /// <summary>The factor of prices of segment <paramref name="segment"/> under ratio adjustment.</summary>
    public double FactorOf(int segment) => _factor[segment];

    /// <summary>Decides the fronts of every session of <paramref name="activity"/>; <paramref name="openInterest"/> is required by rule open_interest.</summary>
    public static RollSchedule Build(ContractActivity activity, OpenInterestTable? openInterest = null)
    {
        var roll = activity.Roll;
        if (roll.Rule == RollRule.OpenInterest && openInterest is null)
            throw new ArgumentException($"{activity.Root.Symbol} rolls by open interest (instrument registry): give the daily open interest (--open-interest FILE, docs/rolls.md)");
        var starts = activity.SessionStarts.ToArray();
        var fronts = new ContractKey[starts.Length];
        var segments = new int[starts.Length];
        var rolls = new List<ContractRoll>();
        var deferred = new Dictionary<string, ContinuousReason>(StringComparer.Ordinal);
        if (starts.Length == 0)
            return new RollSchedule(starts, fronts, segments, rolls, [], activity.Root.PricePrecision);
        var front = ContractKey.CalendarFront(roll, activity.Sessions.TradingDate(starts[0]));
        fronts[0] = front;
        for (var s = 1; s < starts.Length; s++)
        {
            var date = activity.Sessions.TradingDate(starts[s]);
            var before = activity.In(starts[s - 1]);
            var beforeDate = activity.Sessions.TradingDate(starts[s - 1]);
            var (target, why) = Decide(roll, front, date, before, beforeDate, openInterest, activity, deferred);
            if (target is { } to)
            {
                before.TryGetValue(front, out var old);
                before.TryGetValue(to, out var next);
                if (!old.HasPrice || !next.HasPrice)
                {
                    var missing = old.HasPrice ? to : front;
                    Defer(deferred, $"roll deferred: no trade of the contract in the session before", $"{date:yyyy-MM-dd} {activity.NameOf(front)} -> {activity.NameOf(to)}: none of {activity.NameOf(missing)} on {beforeDate:yyyy-MM-dd}");
                }
                else
                {
                    rolls.Add(new ContractRoll(date, starts[s], activity.NameOf(front), activity.NameOf(to), old.LastPriceRaw, next.LastPriceRaw, activity.Root.PricePrecision, why));
                    front = to;
                }
            }
            fronts[s] = front;
            segments[s] = rolls.Count;
        }
        return new RollSchedule(starts, fronts, segments, rolls, deferred.Values.ToList(), activity.Root.PricePrecision);
    }

    private static (ContractKey? Target, string Why) Decide(FutureRoll roll, ContractKey front, DateOnly date, IReadOnlyDictionary<ContractKey, ContractActivity.Stats> before,
        DateOnly beforeDate, OpenInterestTable? openInterest, ContractActivity activity, Dictionary<string, ContinuousReason> deferred)
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
            Defer(deferred, "roll deferred: no open interest of the front", $"{date:yyyy-MM-dd}: none of {activity.NameOf(front)} on {beforeDate:yyyy-MM-dd}");
            return (null, "");
        }
        var what = roll.Rule == RollRule.Volume ? "volume" : "open interest";
        return (candidate, $"{what} {bestMeasure} > {frontMeasure} on {beforeDate:yyyy-MM-dd}");
    }

    private static void Defer(Dictionary<string, ContinuousReason> deferred, string reason, string example)
    {
        if (!deferred.TryGetValue(reason, out var r))
            deferred[reason] = r = new ContinuousReason(reason);
        r.Add(example);
    }
}
