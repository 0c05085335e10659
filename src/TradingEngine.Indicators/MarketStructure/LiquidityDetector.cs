using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Streaming liquidity levels (docs/market_structure.md §6) over the swings of an inner <see cref="SwingDetector"/>.
/// Definition: every confirmed swing high is a buy-side candidate; a new swing high within tolerance of a live
/// candidate or level joins it (of several, the one whose latest swing is the most recent) (touches + 1, price = the highest of its swings); at 2 touches the
/// candidate becomes a level (Active). Sell-side mirrors with lows. A bar trades through a buy-side price P when its
/// high &gt; P: a level is then swept (Filled) if the close is ≤ P, or if close-back is not required; otherwise it is
/// broken (Invalidated); either way it is removed. A single-swing candidate is not swept (it is no level yet) and stays
/// until it ages out. Levels and candidates whose first pivot is more than max age bars old are dropped without an event;
/// at most capacity live (the oldest is dropped). Per bar: sweeps first (oldest first), then the
/// swings the bar confirmed (high before low).
/// </summary>
public struct LiquidityDetector
{
    private SwingDetector _swings;
    private ZoneColumns _entries;
    private ZoneColumns _candidates;
    // Bounds over the live levels that decide whether a bar can sweep any: the lowest buy-side and the highest
    // sell-side price (exact after a sweep scan, never too narrow in between).
    private long _buySideMin;
    private long _sellSideMax;
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
    public static LiquidityDetector Create(SwingDetector swings, double clusterDistance = 0, double clusterAtrFraction = 0, bool requireCloseBack = true, int maxAge = 500, int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clusterDistance);
        ArgumentOutOfRangeException.ThrowIfNegative(clusterAtrFraction);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new LiquidityDetector
        {
            _swings = swings,
            _entries = ZoneColumns.Create(capacity),
            _candidates = ZoneColumns.Create(capacity),
            _buySideMin = long.MaxValue,
            _sellSideMax = long.MinValue,
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

    /// <summary>Live levels (2 touches or more).</summary>
    public readonly int LiveCount => _entries.Count;

    /// <summary>Live single-swing candidates.</summary>
    public readonly int CandidateCount => _candidates.Count;

    /// <summary>The nearest live level of <paramref name="side"/> (lowest buy-side / highest sell-side); false when none.</summary>
    public readonly bool TryNearest(LiquiditySide side, out long priceRaw)
    {
        var dir = side == LiquiditySide.BuySide ? StructureDirection.Bullish : StructureDirection.Bearish;
        var found = false;
        priceRaw = 0;
        var directions = _entries.Direction;
        var prices = _entries.Top;
        for (var s = _entries.Start; s < _entries.End; s++)
        {
            if (directions[s] != dir)
                continue;
            var price = prices[s];
            if (!found || (side == LiquiditySide.BuySide ? price < priceRaw : price > priceRaw))
                priceRaw = price;
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
        if (bar.HighRaw > _buySideMin || bar.LowRaw < _sellSideMax)
            Sweep(in bar, index);

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

    /// <summary>
    /// Sweeps (or breaks) every level the bar traded through, oldest first, removes them (keeping the others in
    /// order) and recomputes the bounds <see cref="Update"/> tests.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Sweep(in Candle bar, long index)
    {
        var high = bar.HighRaw;
        var low = bar.LowRaw;
        var directions = _entries.Direction;
        var prices = _entries.Top;
        long buyMin = long.MaxValue, sellMax = long.MinValue;
        var w = _entries.Start;
        var end = _entries.End;
        for (var s = w; s < end; s++)
        {
            var buySide = directions[s] == StructureDirection.Bullish;
            var price = prices[s];
            if ((buySide & (high > price)) | (!buySide & (low < price)))
            {
                Swept(s, in bar, index);
                continue;
            }
            if (w != s)
                _entries.Move(s, w);
            w++;
            buyMin = Math.Min(buyMin, buySide ? price : long.MaxValue);
            sellMax = Math.Max(sellMax, buySide ? long.MinValue : price);
        }
        // Dropping levels keeps the expiry bound a lower bound; it is recomputed when it lets a walk through.
        _entries.Truncate(w);
        _buySideMin = buyMin;
        _sellSideMax = sellMax;
    }

    /// <summary>Emits the sweep (closed back, or close-back not required) or the break of the level in slot <paramref name="s"/>.</summary>
    private void Swept(int s, in Candle bar, long index)
    {
        var buySide = _entries.Direction[s] == StructureDirection.Bullish;
        var price = _entries.Top[s];
        var closedBack = buySide ? bar.CloseRaw <= price : bar.CloseRaw >= price;
        var state = closedBack || !_requireCloseBack ? ZoneState.Filled : ZoneState.Invalidated;
        _events[_eventCount++] = new LiquidityEvent(buySide ? LiquiditySide.BuySide : LiquiditySide.SellSide, state, _entries.Touches[s], price, _entries.Index[s], _entries.Time[s], index, bar.CloseTime);
    }

    private void Join(StructureDirection dir, in SwingEvent swing, long tolerance, long index, long eventTime)
    {
        var side = dir == StructureDirection.Bullish ? LiquiditySide.BuySide : LiquiditySide.SellSide;
        var price = swing.PriceRaw;
        // Levels and candidates are one newest-first search; a level is newer than the candidates it was made from.
        var level = FindLevel(dir, price, tolerance);
        var candidate = FindCandidate(dir, price, tolerance);
        if (level >= 0 && (candidate < 0 || _entries.Time2[level] >= _candidates.Time2[candidate]))
        {
            var top = dir == StructureDirection.Bullish ? Math.Max(_entries.Top[level], price) : Math.Min(_entries.Top[level], price);
            var touches = ++_entries.Touches[level];
            _entries.Top[level] = top;
            _entries.Time2[level] = swing.PivotIndex;
            // A touch moves a buy-side level up or a sell-side level down: the bounds stay valid (at worst too wide).
            _events[_eventCount++] = new LiquidityEvent(side, ZoneState.Active, touches, top, _entries.Index[level], _entries.Time[level], index, eventTime);
            return;
        }
        if (candidate >= 0)
        {
            var c = candidate;
            var top = dir == StructureDirection.Bullish ? Math.Max(_candidates.Top[c], price) : Math.Min(_candidates.Top[c], price);
            var origin = _candidates.Index[c];
            var originTime = _candidates.Time[c];
            _entries.Add(dir, _candidates.State[c], top, _candidates.Bottom[c], origin, originTime, _candidates.Volume[c], 2, swing.PivotIndex);
            _candidates.RemoveAt(c);
            if (dir == StructureDirection.Bullish)
                _buySideMin = Math.Min(_buySideMin, top);
            else
                _sellSideMax = Math.Max(_sellSideMax, top);
            _events[_eventCount++] = new LiquidityEvent(side, ZoneState.Active, 2, top, origin, originTime, index, eventTime);
            return;
        }
        _candidates.Add(dir, ZoneState.Active, price, price, swing.PivotIndex, swing.PivotTime, 0, 1, swing.PivotIndex);
    }

    /// <summary>The level within tolerance whose newest swing is the most recent, or −1 (ties cannot happen: swings have distinct pivots).</summary>
    private readonly int FindLevel(StructureDirection dir, long price, long tolerance)
    {
        var directions = _entries.Direction;
        var prices = _entries.Top;
        var newest = _entries.Time2;
        var best = -1;
        var bestTime = long.MinValue;
        for (var s = _entries.End - 1; s >= _entries.Start; s--)
        {
            // Non-short-circuit tests: the sides of neighbouring levels follow no pattern a predictor could learn.
            if ((directions[s] == dir) & (Math.Abs(prices[s] - price) <= tolerance) & (newest[s] > bestTime))
            {
                best = s;
                bestTime = newest[s];
            }
        }
        return best;
    }

    /// <summary>
    /// The candidate within tolerance whose swing is the most recent, or −1. Candidates are appended in pivot order
    /// and never change, so per side their pivots increase from oldest to newest: the newest match is that one.
    /// </summary>
    private readonly int FindCandidate(StructureDirection dir, long price, long tolerance)
    {
        var directions = _candidates.Direction;
        var prices = _candidates.Top;
        for (var s = _candidates.End - 1; s >= _candidates.Start; s--)
        {
            if ((directions[s] == dir) & (Math.Abs(prices[s] - price) <= tolerance))
                return s;
        }
        return -1;
    }

    /// <summary>Writes the whole state.</summary>
    public readonly void WriteState(ref StateWriter w)
    {
        _swings.WriteState(ref w);
        _entries.Write(ref w);
        _candidates.Write(ref w);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(ref StateReader r)
    {
        _swings.ReadState(ref r);
        _entries.Read(ref r);
        _candidates.Read(ref r);
        _buySideMin = long.MaxValue;
        _sellSideMax = long.MinValue;
        for (var s = _entries.Start; s < _entries.End; s++)
        {
            if (_entries.Direction[s] == StructureDirection.Bullish)
                _buySideMin = Math.Min(_buySideMin, _entries.Top[s]);
            else
                _sellSideMax = Math.Max(_sellSideMax, _entries.Top[s]);
        }
        _eventCount = 0;
    }
}
