using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Streaming order blocks (docs/market_structure.md §4). Definition: when bar i breaks structure upward
/// (<see cref="StructureBreakDetector"/>, BOS or CHoCH), the bullish block is the most recent bearish candle
/// (close &lt; open) among bars i−1 … i−lookback; its zone is that candle's [low, high]. Bearish mirrors (most recent
/// bullish candle, close &gt; open). No such candle, no block. From bar i+1 on, for a bullish block: close &lt; bottom →
/// Invalidated (removed); else low ≤ top while fresh → mitigated (<see cref="ZoneState.Filled"/>, kept: a mitigated
/// block can still be invalidated). Bearish mirrors. A block whose origin is more than max age bars old is dropped
/// without an event; at most capacity blocks live. Events of a bar: state changes oldest first, then new blocks
/// (bullish before bearish).
/// </summary>
/// <remarks>
/// Cost (docs/market_structure.md §9): the blocks live in columns (<see cref="ZoneColumns"/>) with two keys each, signed
/// so that one comparison per key decides a change: a bullish block breaks when close &lt; KeyA (= bottom) and, while
/// fresh, is reached when low &lt; KeyB (= top + 1); a bearish block compares −close with −top and −high with
/// 1 − bottom. Four maxima of the keys tell in four comparisons whether the bar can change any block; only then are
/// the blocks compared, four per vector instruction. The recent bars the formation searches sit in one array of
/// structs, one slot written per bar. Prices must stay inside ±2^62 (the keys negate them).
/// </remarks>
internal partial struct OrderBlockDetector
{
    private StructureBreakDetector _breaks;
    private ZoneColumns _zones;
    // Maxima of the keys over the live blocks of each side: a bar changes no block unless close < _bullBreak,
    // −close < _bearBreak, low < _bullReach or −high < _bearReach. Exact after a scan; a formation raises them, a removal
    // outside a scan (capacity, age) leaves them too high, which costs at most one idle scan.
    private long _bullBreak;
    private long _bearBreak;
    private long _bullReach;
    private long _bearReach;
    private OrderBlockEvent[] _events;
    private int _eventCount;
    private RecentBar[] _recent;
    private int _lookback;
    private int _head;
    private long _maxAge;

    /// <summary>A detector over the breaks of <paramref name="breaks"/>.</summary>
    public static OrderBlockDetector Create(StructureBreakDetector breaks, int lookback = 10, int maxAge = 500, int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new OrderBlockDetector
        {
            _breaks = breaks,
            _zones = ZoneColumns.Create(capacity),
            _bullBreak = long.MinValue,
            _bearBreak = long.MinValue,
            _bullReach = long.MinValue,
            _bearReach = long.MinValue,
            _events = new OrderBlockEvent[capacity + 2],
            _recent = new RecentBar[lookback + 1],
            _lookback = lookback,
            _head = -1,
            _maxAge = maxAge,
        };
    }

    /// <summary>The inner break detector.</summary>
    public readonly StructureBreakDetector Breaks => _breaks;

    /// <summary>Bars seen.</summary>
    public readonly long Count => _breaks.Count;

    /// <summary>The events of the last <see cref="Update"/>.</summary>
    public readonly ReadOnlySpan<OrderBlockEvent> Events => _events.AsSpan(0, _eventCount);

    /// <summary>Live blocks.</summary>
    public readonly int LiveCount => _zones.Count;

    /// <summary>The newest live block of <paramref name="direction"/>; false when there is none.</summary>
    public readonly bool TryNewest(StructureDirection direction, out long topRaw, out long bottomRaw)
    {
        var i = _zones.Newest(direction);
        topRaw = i < 0 ? 0 : _zones.Top[i];
        bottomRaw = i < 0 ? 0 : _zones.Bottom[i];
        return i >= 0;
    }

    /// <summary>Folds a closed bar; returns the number of <see cref="Events"/>.</summary>
    public int Update(in Candle bar)
    {
        _eventCount = 0;
        var index = _breaks.Count;
        var broke = _breaks.Update(in bar);

        _zones.Expire(index, _maxAge);
        if ((bar.CloseRaw < _bullBreak) | (-bar.CloseRaw < _bearBreak) | (bar.LowRaw < _bullReach) | (-bar.HighRaw < _bearReach))
            Scan(in bar, index);

        if (broke != 0)
            FormAll(broke, index, bar.CloseTime);

        var slot = _head + 1 == _recent.Length ? 0 : _head + 1;
        _head = slot;
        ref var r = ref _recent[slot];
        r.Open = bar.OpenRaw;
        r.High = bar.HighRaw;
        r.Low = bar.LowRaw;
        r.Close = bar.CloseRaw;
        r.Volume = bar.VolumeRaw;
        r.Time = bar.OpenTime;
        return _eventCount;
    }

    /// <summary>
    /// The lifecycle rules on every live block, oldest first: emits the state changes, removes the invalidated
    /// blocks and recomputes the key maxima <see cref="Update"/> tests. The comparisons run first, 64 slots at a
    /// time into a bit mask, so the vector loops hold no call; the few blocks that change are then handled in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Scan(in Candle bar, long index)
    {
        var end = _zones.End;
        for (var from = _zones.Start; from < end; from += 64)
        {
            var n = Math.Min(64, end - from);
            for (var hits = Hits(_zones.Side, _zones.KeyA, _zones.KeyB, from, n, bar.CloseRaw, bar.LowRaw, bar.HighRaw); hits != 0; hits &= hits - 1)
                Change(from + BitOperations.TrailingZeroCount(hits), in bar, index);
        }
        var maxima = Maxima(_zones.Side, _zones.KeyA, _zones.KeyB, _zones.Start, end);
        _bullBreak = maxima.BullBreak;
        _bearBreak = maxima.BearBreak;
        _bullReach = maxima.BullReach;
        _bearReach = maxima.BearReach;
    }

    /// <summary>Bit i set: the bar changes the block in slot <paramref name="from"/> + i (i &lt; <paramref name="n"/> ≤ 64).</summary>
    private static ulong Hits(long[] side, long[] keyA, long[] keyB, int from, int n, long close, long low, long high)
    {
        ulong hits = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Lanes whose side mask is set (bearish) compare the negated probes.
            var vClose = Vector256.Create(close);
            var vNegClose = Vector256.Create(-close);
            var vLow = Vector256.Create(low);
            var vNegHigh = Vector256.Create(-high);
            for (; i + 4 <= n; i += 4)
            {
                var s = from + i;
                var m = Vector256.LoadUnsafe(ref side[s]);
                var hit = Vector256.LessThan(Vector256.ConditionalSelect(m, vNegClose, vClose), Vector256.LoadUnsafe(ref keyA[s]))
                    | Vector256.LessThan(Vector256.ConditionalSelect(m, vNegHigh, vLow), Vector256.LoadUnsafe(ref keyB[s]));
                hits |= (ulong)hit.ExtractMostSignificantBits() << i;
            }
        }
        for (; i < n; i++)
        {
            var s = from + i;
            var bear = side[s] < 0;
            var hit = bear ? (-close < keyA[s]) | (-high < keyB[s]) : (close < keyA[s]) | (low < keyB[s]);
            hits |= (hit ? 1UL : 0UL) << i;
        }
        return hits;
    }

    /// <summary>The key maxima per side over slots <paramref name="start"/> … <paramref name="end"/> − 1.</summary>
    private static (long BullBreak, long BearBreak, long BullReach, long BearReach) Maxima(long[] side, long[] keyA, long[] keyB, int start, int end)
    {
        long bullBreak = long.MinValue, bearBreak = long.MinValue, bullReach = long.MinValue, bearReach = long.MinValue;
        var s = start;
        if (Vector256.IsHardwareAccelerated)
        {
            var vMin = Vector256.Create(long.MinValue);
            Vector256<long> vBullBreak = vMin, vBearBreak = vMin, vBullReach = vMin, vBearReach = vMin;
            for (; s + 4 <= end; s += 4)
            {
                // Tombstones have side 1 (mask clear) and keys at the minimum: they count as bullish and raise nothing.
                var m = Vector256.LoadUnsafe(ref side[s]);
                var a = Vector256.LoadUnsafe(ref keyA[s]);
                var b = Vector256.LoadUnsafe(ref keyB[s]);
                vBullBreak = Vector256.Max(vBullBreak, Vector256.ConditionalSelect(m, vMin, a));
                vBearBreak = Vector256.Max(vBearBreak, Vector256.ConditionalSelect(m, a, vMin));
                vBullReach = Vector256.Max(vBullReach, Vector256.ConditionalSelect(m, vMin, b));
                vBearReach = Vector256.Max(vBearReach, Vector256.ConditionalSelect(m, b, vMin));
            }
            bullBreak = Max(vBullBreak);
            bearBreak = Max(vBearBreak);
            bullReach = Max(vBullReach);
            bearReach = Max(vBearReach);
        }
        for (; s < end; s++)
        {
            if (side[s] < 0)
            {
                bearBreak = Math.Max(bearBreak, keyA[s]);
                bearReach = Math.Max(bearReach, keyB[s]);
            }
            else
            {
                bullBreak = Math.Max(bullBreak, keyA[s]);
                bullReach = Math.Max(bullReach, keyB[s]);
            }
        }
        return (bullBreak, bearBreak, bullReach, bearReach);
    }

    private static long Max(Vector256<long> v) => Math.Max(Math.Max(v.GetElement(0), v.GetElement(1)), Math.Max(v.GetElement(2), v.GetElement(3)));

    /// <summary>Applies the rules to the block in slot <paramref name="s"/>, which the bar changes: invalidated (removed) or mitigated.</summary>
    private void Change(int s, in Candle bar, long index)
    {
        var direction = _zones.Direction[s];
        var top = _zones.Top[s];
        var bottom = _zones.Bottom[s];
        var broken = direction == StructureDirection.Bullish ? bar.CloseRaw < bottom : bar.CloseRaw > top;
        var next = broken ? ZoneState.Invalidated : ZoneState.Filled;
        _events[_eventCount++] = new OrderBlockEvent(direction, next, top, bottom, _zones.Volume[s], _zones.Index[s], _zones.Time[s], index, bar.CloseTime);
        if (broken)
        {
            _zones.Kill(s);
        }
        else
        {
            _zones.State[s] = next;
            _zones.KeyB[s] = long.MinValue;
        }
    }

    /// <summary>Sets the keys of the block in slot <paramref name="s"/> from its bounds and state and raises the maxima to cover it.</summary>
    private void SetKeys(int s)
    {
        var top = _zones.Top[s];
        var bottom = _zones.Bottom[s];
        var fresh = _zones.State[s] == ZoneState.Active;
        if (_zones.Direction[s] == StructureDirection.Bullish)
        {
            _zones.KeyA[s] = bottom;
            _zones.KeyB[s] = fresh ? top + 1 : long.MinValue;
            _bullBreak = Math.Max(_bullBreak, _zones.KeyA[s]);
            _bullReach = Math.Max(_bullReach, _zones.KeyB[s]);
        }
        else
        {
            _zones.KeyA[s] = -top;
            _zones.KeyB[s] = fresh ? 1 - bottom : long.MinValue;
            _bearBreak = Math.Max(_bearBreak, _zones.KeyA[s]);
            _bearReach = Math.Max(_bearReach, _zones.KeyB[s]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FormAll(int broke, long index, long eventTime)
    {
        if ((broke & StructureBreakDetector.BrokeUp) != 0)
            Form(StructureDirection.Bullish, index, eventTime);
        if ((broke & StructureBreakDetector.BrokeDown) != 0)
            Form(StructureDirection.Bearish, index, eventTime);
    }

    private void Form(StructureDirection direction, long index, long eventTime)
    {
        var oldest = Math.Max(0, index - _lookback);
        // The ring holds bars index−1 … index−lookback at this point (the breaking bar is stored after the search).
        var s = _head;
        for (var j = index - 1; j >= oldest; j--, s = s == 0 ? _recent.Length - 1 : s - 1)
        {
            ref readonly var r = ref _recent[s];
            var opposite = direction == StructureDirection.Bullish ? r.Close < r.Open : r.Close > r.Open;
            if (!opposite)
                continue;
            SetKeys(_zones.Add(direction, ZoneState.Active, r.High, r.Low, j, r.Time, r.Volume, 0, 0));
            _events[_eventCount++] = new OrderBlockEvent(direction, ZoneState.Active, r.High, r.Low, r.Volume, j, r.Time, index, eventTime);
            return;
        }
    }

    /// <summary>Writes the whole state.</summary>
    public readonly void WriteState(ref StateWriter w)
    {
        _breaks.WriteState(ref w);
        w.WriteInt32(_head);
        for (var i = 0; i < _recent.Length; i++)
        {
            ref readonly var r = ref _recent[i];
            w.WriteInt64(r.Open);
            w.WriteInt64(r.High);
            w.WriteInt64(r.Low);
            w.WriteInt64(r.Close);
            w.WriteInt64(r.Volume);
            w.WriteInt64(r.Time);
        }
        _zones.Write(ref w);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(ref StateReader r)
    {
        _breaks.ReadState(ref r);
        _head = r.ReadInt32();
        for (var i = 0; i < _recent.Length; i++)
        {
            ref var b = ref _recent[i];
            b.Open = r.ReadInt64();
            b.High = r.ReadInt64();
            b.Low = r.ReadInt64();
            b.Close = r.ReadInt64();
            b.Volume = r.ReadInt64();
            b.Time = r.ReadInt64();
        }
        _zones.Read(ref r);
        _bullBreak = _bearBreak = _bullReach = _bearReach = long.MinValue;
        for (var s = _zones.Start; s < _zones.End; s++)
            SetKeys(s);
        _eventCount = 0;
    }

    /// <summary>A bar the formation may pick as the block's candle.</summary>
    private struct RecentBar
    {
        public long Open;
        public long High;
        public long Low;
        public long Close;
        public long Volume;
        public long Time;
    }
}
