using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
/// <remarks>
/// Cost (docs/market_structure.md §9): levels and candidates live in columns (<see cref="ZoneColumns"/>). A level's key
/// is −price on the buy side and price on the sell side, so "traded through" is one signed comparison (−high &lt; key,
/// low &lt; key); two maxima of the keys tell in two comparisons whether the bar can sweep any level, and only then are
/// the levels compared, four per vector instruction. The cluster searches compare four prices per instruction too.
/// Prices must stay inside ±2^62 (the keys negate them).
/// </remarks>
internal partial struct LiquidityDetector
{
    private SwingDetector _swings;
    private ZoneColumns _entries;

    // Nearest(): the extremes of the live levels at _nearestVersion of _entries (derived, not part of the snapshot)
    private bool _nearestValid;
    private int _nearestVersion;
    private bool _hasBuy, _hasSell;
    private long _buy, _sell;
    private ZoneColumns _candidates;
    // Maxima of the level keys per side: a bar sweeps nothing unless −high < _buyKeyMax or low < _sellKeyMax. Exact after
    // a sweep scan; a new level raises them; a touch only lowers its level's key and a removal outside a scan leaves
    // them too high, which costs at most one idle scan.
    private long _buyKeyMax;
    private long _sellKeyMax;
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
            _buyKeyMax = long.MinValue,
            _sellKeyMax = long.MinValue,
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
    /// <summary>
    /// The lowest live buy-side and the highest live sell-side level, as two <see cref="TryNearest"/> calls give them,
    /// recomputed in one pass only when the live levels changed since the last call (most bars change none).
    /// </summary>
    public void Nearest(out bool hasBuy, out long buy, out bool hasSell, out long sell)
    {
        if (!_nearestValid || _nearestVersion != _entries.Version)
        {
            _hasBuy = _hasSell = false;
            _buy = _sell = 0;
            var directions = _entries.Direction;
            var prices = _entries.Top;
            for (var s = _entries.Start; s < _entries.End; s++)
            {
                var d = directions[s];
                var price = prices[s];
                if (d == StructureDirection.Bullish)
                {
                    if (!_hasBuy || price < _buy)
                        _buy = price;
                    _hasBuy = true;
                }
                else if (d == StructureDirection.Bearish)
                {
                    if (!_hasSell || price > _sell)
                        _sell = price;
                    _hasSell = true;
                }
            }
            _nearestVersion = _entries.Version;
            _nearestValid = true;
        }
        (hasBuy, buy, hasSell, sell) = (_hasBuy, _buy, _hasSell, _sell);
    }

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
        if ((-bar.HighRaw < _buyKeyMax) | (bar.LowRaw < _sellKeyMax))
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
    /// Sweeps (or breaks) every level the bar traded through, oldest first, removes them and recomputes the key
    /// maxima <see cref="Update"/> tests. The comparisons run first, 64 slots at a time into a bit mask, so the vector
    /// loops hold no call; the few levels swept are then handled in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Sweep(in Candle bar, long index)
    {
        var end = _entries.End;
        for (var from = _entries.Start; from < end; from += 64)
        {
            var n = Math.Min(64, end - from);
            for (var hits = Hits(_entries.Side, _entries.KeyA, from, n, bar.LowRaw, bar.HighRaw); hits != 0; hits &= hits - 1)
                Swept(from + BitOperations.TrailingZeroCount(hits), in bar, index);
        }
        (_buyKeyMax, _sellKeyMax) = Maxima(_entries.Side, _entries.KeyA, _entries.Start, end);
    }

    /// <summary>Bit i set: the bar trades through the level in slot <paramref name="from"/> + i (i &lt; <paramref name="n"/> ≤ 64).</summary>
    private static ulong Hits(long[] side, long[] key, int from, int n, long low, long high)
    {
        ulong hits = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Sell-side lanes (mask set) compare the low, buy-side lanes the negated high.
            var vLow = Vector256.Create(low);
            var vNegHigh = Vector256.Create(-high);
            for (; i + 4 <= n; i += 4)
            {
                var s = from + i;
                var hit = Vector256.LessThan(Vector256.ConditionalSelect(Vector256.LoadUnsafe(ref side[s]), vLow, vNegHigh), Vector256.LoadUnsafe(ref key[s]));
                hits |= (ulong)hit.ExtractMostSignificantBits() << i;
            }
        }
        for (; i < n; i++)
        {
            var s = from + i;
            var hit = (side[s] < 0 ? low : -high) < key[s];
            hits |= (hit ? 1UL : 0UL) << i;
        }
        return hits;
    }

    /// <summary>The key maxima per side over slots <paramref name="start"/> … <paramref name="end"/> − 1.</summary>
    private static (long Buy, long Sell) Maxima(long[] side, long[] key, int start, int end)
    {
        long buy = long.MinValue, sell = long.MinValue;
        var s = start;
        if (Vector256.IsHardwareAccelerated)
        {
            var vMin = Vector256.Create(long.MinValue);
            Vector256<long> vBuy = vMin, vSell = vMin;
            for (; s + 4 <= end; s += 4)
            {
                // Tombstones (side 1, mask clear, key at the minimum) count as buy-side and raise nothing.
                var m = Vector256.LoadUnsafe(ref side[s]);
                var k = Vector256.LoadUnsafe(ref key[s]);
                vBuy = Vector256.Max(vBuy, Vector256.ConditionalSelect(m, vMin, k));
                vSell = Vector256.Max(vSell, Vector256.ConditionalSelect(m, k, vMin));
            }
            buy = Math.Max(Math.Max(vBuy.GetElement(0), vBuy.GetElement(1)), Math.Max(vBuy.GetElement(2), vBuy.GetElement(3)));
            sell = Math.Max(Math.Max(vSell.GetElement(0), vSell.GetElement(1)), Math.Max(vSell.GetElement(2), vSell.GetElement(3)));
        }
        for (; s < end; s++)
        {
            if (side[s] < 0)
                sell = Math.Max(sell, key[s]);
            else
                buy = Math.Max(buy, key[s]);
        }
        return (buy, sell);
    }

    /// <summary>Emits the sweep (closed back, or close-back not required) or the break of the level in slot <paramref name="s"/> and removes it.</summary>
    private void Swept(int s, in Candle bar, long index)
    {
        var buySide = _entries.Direction[s] == StructureDirection.Bullish;
        var price = _entries.Top[s];
        var closedBack = buySide ? bar.CloseRaw <= price : bar.CloseRaw >= price;
        var state = closedBack || !_requireCloseBack ? ZoneState.Filled : ZoneState.Invalidated;
        _events[_eventCount++] = new LiquidityEvent(buySide ? LiquiditySide.BuySide : LiquiditySide.SellSide, state, _entries.Touches[s], price, _entries.Index[s], _entries.Time[s], index, bar.CloseTime);
        _entries.Kill(s);
    }

    /// <summary>Sets the key of the level in slot <paramref name="s"/> from its price and raises its side's maximum to cover it.</summary>
    private void SetKey(int s)
    {
        if (_entries.Side[s] == 0)
        {
            _entries.KeyA[s] = -_entries.Top[s];
            _buyKeyMax = Math.Max(_buyKeyMax, _entries.KeyA[s]);
        }
        else
        {
            _entries.KeyA[s] = _entries.Top[s];
            _sellKeyMax = Math.Max(_sellKeyMax, _entries.KeyA[s]);
        }
    }

    private void Join(StructureDirection dir, in SwingEvent swing, long tolerance, long index, long eventTime)
    {
        var side = dir == StructureDirection.Bullish ? LiquiditySide.BuySide : LiquiditySide.SellSide;
        var price = swing.PriceRaw;
        // Levels and candidates are one newest-first search; a level is newer than the candidates it was made from.
        var mask = dir == StructureDirection.Bullish ? 0L : -1L;
        var level = FindLevel(mask, price, tolerance);
        var candidate = FindCandidate(mask, price, tolerance);
        if (level >= 0 && (candidate < 0 || _entries.Time2[level] >= _candidates.Time2[candidate]))
        {
            var top = dir == StructureDirection.Bullish ? Math.Max(_entries.Top[level], price) : Math.Min(_entries.Top[level], price);
            var touches = ++_entries.Touches[level];
            if (_entries.Top[level] != top)
            {
                _entries.Top[level] = top;
                _entries.MarkChanged();
            }
            _entries.Time2[level] = swing.PivotIndex;
            SetKey(level);
            _events[_eventCount++] = new LiquidityEvent(side, ZoneState.Active, touches, top, _entries.Index[level], _entries.Time[level], index, eventTime);
            return;
        }
        if (candidate >= 0)
        {
            var c = candidate;
            var top = dir == StructureDirection.Bullish ? Math.Max(_candidates.Top[c], price) : Math.Min(_candidates.Top[c], price);
            var origin = _candidates.Index[c];
            var originTime = _candidates.Time[c];
            SetKey(_entries.Add(dir, _candidates.State[c], top, _candidates.Bottom[c], origin, originTime, _candidates.Volume[c], 2, swing.PivotIndex));
            _candidates.Kill(c);
            _events[_eventCount++] = new LiquidityEvent(side, ZoneState.Active, 2, top, origin, originTime, index, eventTime);
            return;
        }
        _candidates.Add(dir, ZoneState.Active, price, price, swing.PivotIndex, swing.PivotTime, 0, 1, swing.PivotIndex);
    }

    /// <summary>The level of side <paramref name="mask"/> within tolerance whose newest swing is the most recent, or −1 (ties cannot happen: swings have distinct pivots).</summary>
    private readonly int FindLevel(long mask, long price, long tolerance)
    {
        var side = _entries.Side;
        var prices = _entries.Top;
        var newest = _entries.Time2;
        var best = -1;
        var bestTime = long.MinValue;
        var s = _entries.Start;
        var end = _entries.End;
        if (Vector256.IsHardwareAccelerated)
        {
            var vMask = Vector256.Create(mask);
            var vLow = Vector256.Create(price - tolerance);
            var vHigh = Vector256.Create(price + tolerance);
            for (; s + 4 <= end; s += 4)
            {
                var p = Vector256.LoadUnsafe(ref prices[s]);
                var match = Vector256.Equals(Vector256.LoadUnsafe(ref side[s]), vMask)
                    & ~Vector256.LessThan(p, vLow) & ~Vector256.GreaterThan(p, vHigh);
                for (var bits = match.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                {
                    var i = s + BitOperations.TrailingZeroCount(bits);
                    if (newest[i] > bestTime)
                    {
                        best = i;
                        bestTime = newest[i];
                    }
                }
            }
        }
        for (; s < end; s++)
        {
            var d = prices[s] - price;
            if ((side[s] == mask) & (d <= tolerance) & (d >= -tolerance) & (newest[s] > bestTime))
            {
                best = s;
                bestTime = newest[s];
            }
        }
        return best;
    }

    /// <summary>
    /// The candidate of side <paramref name="mask"/> within tolerance whose swing is the most recent, or −1. Candidates
    /// are appended in pivot order and never change, so per side their pivots increase from oldest to newest: the
    /// newest match is that one.
    /// </summary>
    private readonly int FindCandidate(long mask, long price, long tolerance)
    {
        var side = _candidates.Side;
        var prices = _candidates.Top;
        var start = _candidates.Start;
        var s = _candidates.End;
        if (Vector256.IsHardwareAccelerated)
        {
            var vMask = Vector256.Create(mask);
            var vLow = Vector256.Create(price - tolerance);
            var vHigh = Vector256.Create(price + tolerance);
            for (; s - 4 >= start; s -= 4)
            {
                var p = Vector256.LoadUnsafe(ref prices[s - 4]);
                var match = Vector256.Equals(Vector256.LoadUnsafe(ref side[s - 4]), vMask)
                    & ~Vector256.LessThan(p, vLow) & ~Vector256.GreaterThan(p, vHigh);
                var bits = match.ExtractMostSignificantBits();
                if (bits != 0)
                    return s - 4 + 31 - BitOperations.LeadingZeroCount(bits);
            }
        }
        for (s--; s >= start; s--)
        {
            var d = prices[s] - price;
            if ((side[s] == mask) & (d <= tolerance) & (d >= -tolerance))
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
        _buyKeyMax = long.MinValue;
        _sellKeyMax = long.MinValue;
        for (var s = _entries.Start; s < _entries.End; s++)
            SetKey(s);
        _eventCount = 0;
        _nearestValid = false;
    }
}
