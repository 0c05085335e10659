using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>
/// The liquidity core as it was before the columnar scan (commit 9809a38), kept as the reference of ZoneDetectorReferenceTests
/// and, compiled into the benchmark project from this file, as the baseline of ZoneScanBenchmarks.
/// </summary>
/// <remarks>
/// Streaming liquidity levels (docs/market_structure.md §6) over the swings of an inner <see cref="SwingDetector"/>.
/// Definition: every confirmed swing high is a buy-side candidate; a new swing high within tolerance of a live
/// candidate or level joins it (of several, the one whose latest swing is the most recent) (touches + 1, price = the highest of its swings); at 2 touches the
/// candidate becomes a level (Active). Sell-side mirrors with lows. A bar trades through a buy-side price P when its
/// high &gt; P: a level is then swept (Filled) if the close is ≤ P, or if close-back is not required; otherwise it is
/// broken (Invalidated); either way it is removed. A single-swing candidate is not swept (it is no level yet) and stays
/// until it ages out. Levels and candidates whose first pivot is more than max age bars old are dropped without an event;
/// at most capacity live (the oldest is dropped). Per bar: sweeps first (oldest first), then the
/// swings the bar confirmed (high before low).
/// </remarks>
internal struct ReferenceLiquidityDetector
{
    private SwingDetector _swings;
    private ZoneList _entries;
    private ZoneList _candidates;
    private LiquidityEvent[] _events;
    private int _eventCount;
    private double _distance;
    private double _atrFraction;
    private long _maxAge;
    private bool _requireCloseBack;

    /// <summary>A detector over swings of <paramref name="swings"/>.</summary>
    /// <param name="swings">The swing detector (its own tolerance classifies swings; clustering uses the next two parameters).</param>
    /// <param name="clusterDistance">Cluster tolerance in price units.</param>
    /// <param name="clusterAtrFraction">Cluster tolerance as a fraction of ATR (0 = unused).</param>
    /// <param name="requireCloseBack">A sweep needs the bar to close back at or inside the level.</param>
    /// <param name="maxAge">Bars after its first pivot a level stays alive.</param>
    /// <param name="capacity">Live candidates and levels kept at most.</param>
    public static ReferenceLiquidityDetector Create(SwingDetector swings, double clusterDistance = 0, double clusterAtrFraction = 0, bool requireCloseBack = true, int maxAge = 500, int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clusterDistance);
        ArgumentOutOfRangeException.ThrowIfNegative(clusterAtrFraction);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new ReferenceLiquidityDetector
        {
            _swings = swings,
            _entries = ZoneList.Create(capacity),
            _candidates = ZoneList.Create(capacity),
            _events = new LiquidityEvent[capacity + 2],
            _distance = clusterDistance,
            _atrFraction = clusterAtrFraction,
            _requireCloseBack = requireCloseBack,
            _maxAge = maxAge,
        };
    }

    /// <summary>Bars seen.</summary>
    public readonly long Count => _swings.Count;

    /// <summary>The events of the last <see cref="Update"/>.</summary>
    public readonly ReadOnlySpan<LiquidityEvent> Events => _events.AsSpan(0, _eventCount);

    /// <summary>The inner swing detector.</summary>
    public readonly SwingDetector Swings => _swings;

    /// <summary>The nearest live level of <paramref name="side"/> (lowest buy-side / highest sell-side); false when none.</summary>
    public readonly bool TryNearest(LiquiditySide side, out long priceRaw)
    {
        var dir = side == LiquiditySide.BuySide ? StructureDirection.Bullish : StructureDirection.Bearish;
        var found = false;
        priceRaw = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            ref readonly var z = ref _entries[i];
            if (z.Direction != dir)
                continue;
            if (!found || (side == LiquiditySide.BuySide ? z.TopRaw < priceRaw : z.TopRaw > priceRaw))
                priceRaw = z.TopRaw;
            found = true;
        }
        return found;
    }

    /// <summary>Folds a closed bar; returns the number of <see cref="Events"/>.</summary>
    public int Update(in Candle bar)
    {
        _eventCount = 0;
        var index = _swings.Count;
        var flags = _swings.Update(in bar);

        _entries.Expire(index, _maxAge);
        _candidates.ExpireFront(index, _maxAge);
        for (var i = 0; i < _entries.Count; i++)
        {
            ref var z = ref _entries[i];
            var buySide = z.Direction == StructureDirection.Bullish;
            var through = buySide ? bar.HighRaw > z.TopRaw : bar.LowRaw < z.TopRaw;
            if (!through)
                continue;
            var closedBack = buySide ? bar.CloseRaw <= z.TopRaw : bar.CloseRaw >= z.TopRaw;
            var state = closedBack || !_requireCloseBack ? ZoneState.Filled : ZoneState.Invalidated;
            _events[_eventCount++] = new LiquidityEvent(buySide ? LiquiditySide.BuySide : LiquiditySide.SellSide, state, z.Touches, z.TopRaw, z.Index, z.Time, index, bar.CloseTime);
            _entries.RemoveAt(i);
            i--;
        }

        if (flags != 0)
        {
            var tolerance = StructureMath.ToleranceRaw(_distance, _atrFraction, _swings.Atr, bar.PricePrecision);
            if ((flags & SwingDetector.HighConfirmed) != 0)
                Join(StructureDirection.Bullish, _swings.LastHigh, tolerance, index, bar.CloseTime);
            if ((flags & SwingDetector.LowConfirmed) != 0)
                Join(StructureDirection.Bearish, _swings.LastLow, tolerance, index, bar.CloseTime);
        }
        return _eventCount;
    }

    private void Join(StructureDirection dir, in SwingEvent swing, long tolerance, long index, long eventTime)
    {
        var side = dir == StructureDirection.Bullish ? LiquiditySide.BuySide : LiquiditySide.SellSide;
        // Levels and candidates are one newest-first search; a level is newer than the candidates it was made from.
        var level = Find(ref _entries, dir, swing.PriceRaw, tolerance);
        var candidate = Find(ref _candidates, dir, swing.PriceRaw, tolerance);
        if (level >= 0 && (candidate < 0 || _entries[level].Time2 >= _candidates[candidate].Time2))
        {
            ref var z = ref _entries[level];
            z.Touches++;
            z.TopRaw = dir == StructureDirection.Bullish ? Math.Max(z.TopRaw, swing.PriceRaw) : Math.Min(z.TopRaw, swing.PriceRaw);
            z.Time2 = swing.PivotIndex;
            _events[_eventCount++] = new LiquidityEvent(side, ZoneState.Active, z.Touches, z.TopRaw, z.Index, z.Time, index, eventTime);
            return;
        }
        if (candidate >= 0)
        {
            var z = _candidates[candidate];
            _candidates.RemoveAt(candidate);
            z.Touches = 2;
            z.TopRaw = dir == StructureDirection.Bullish ? Math.Max(z.TopRaw, swing.PriceRaw) : Math.Min(z.TopRaw, swing.PriceRaw);
            z.Time2 = swing.PivotIndex;
            _entries.Add(in z);
            _events[_eventCount++] = new LiquidityEvent(side, ZoneState.Active, z.Touches, z.TopRaw, z.Index, z.Time, index, eventTime);
            return;
        }
        var zone = new Zone { Direction = dir, State = ZoneState.Active, TopRaw = swing.PriceRaw, BottomRaw = swing.PriceRaw, Index = swing.PivotIndex, Time = swing.PivotTime, Touches = 1, Time2 = swing.PivotIndex };
        _candidates.Add(in zone);
    }

    /// <summary>The match whose newest swing is the most recent (ties cannot happen: swings have distinct pivots).</summary>
    private static int Find(ref ZoneList list, StructureDirection dir, long price, long tolerance)
    {
        var best = -1;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            ref readonly var z = ref list[i];
            if (z.Direction == dir && Math.Abs(z.TopRaw - price) <= tolerance && (best < 0 || z.Time2 > list[best].Time2))
                best = i;
        }
        return best;
    }
}
