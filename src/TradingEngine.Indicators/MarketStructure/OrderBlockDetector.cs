using System.Runtime.CompilerServices;
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
/// Cost (docs/market_structure.md §9): the blocks live in columns (<see cref="ZoneColumns"/>), and four bounds over
/// them (highest bullish bottom, highest fresh bullish top, lowest bearish top, lowest fresh bearish bottom) tell in
/// four comparisons whether the bar can change any block; only then are the blocks walked. The recent bars the
/// formation searches sit in one array of structs, one slot written per bar.
/// </remarks>
public struct OrderBlockDetector
{
    private StructureBreakDetector _breaks;
    private ZoneColumns _zones;
    // Bounds over the live blocks that decide whether a bar can change any of them: a bullish block changes when the
    // close is below its bottom or, while fresh, the low reaches its top; a bearish one mirrors. Exact after a walk and
    // after a formation; dropping a block (capacity, age) leaves them too wide, which costs at most one idle walk.
    private long _bullBottomMax;
    private long _bullFreshTopMax;
    private long _bearTopMin;
    private long _bearFreshBottomMin;
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
            _bullBottomMax = long.MinValue,
            _bullFreshTopMax = long.MinValue,
            _bearTopMin = long.MaxValue,
            _bearFreshBottomMin = long.MaxValue,
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
        if (bar.CloseRaw < _bullBottomMax || bar.LowRaw <= _bullFreshTopMax || bar.CloseRaw > _bearTopMin || bar.HighRaw >= _bearFreshBottomMin)
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
    /// The lifecycle rules on every live block, oldest first: emits the state changes, drops the invalidated blocks
    /// (keeping the others in order) and recomputes the bounds <see cref="Update"/> tests.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Scan(in Candle bar, long index)
    {
        var close = bar.CloseRaw;
        var low = bar.LowRaw;
        var high = bar.HighRaw;
        var directions = _zones.Direction;
        var states = _zones.State;
        var tops = _zones.Top;
        var bottoms = _zones.Bottom;
        long bullBottom = long.MinValue, bullTop = long.MinValue, bearTop = long.MaxValue, bearBottom = long.MaxValue;
        var w = _zones.Start;
        var end = _zones.End;
        for (var s = w; s < end; s++)
        {
            // Branch-free tests: neighbouring blocks' directions do not follow a pattern the predictor could learn.
            var bull = directions[s] == StructureDirection.Bullish;
            var top = tops[s];
            var bottom = bottoms[s];
            var fresh = states[s] == ZoneState.Active;
            var broken = (bull & (close < bottom)) | (!bull & (close > top));
            var reached = (bull & (low <= top)) | (!bull & (high >= bottom));
            if (broken | (reached & fresh))
            {
                Change(s, broken, index, bar.CloseTime);
                if (broken)
                    continue;
                fresh = false;
            }
            if (w != s)
                _zones.Move(s, w);
            w++;
            bullBottom = Math.Max(bullBottom, bull ? bottom : long.MinValue);
            bullTop = Math.Max(bullTop, bull & fresh ? top : long.MinValue);
            bearTop = Math.Min(bearTop, bull ? long.MaxValue : top);
            bearBottom = Math.Min(bearBottom, !bull & fresh ? bottom : long.MaxValue);
        }
        // Dropping blocks keeps the expiry bound a lower bound; it is recomputed when it lets a walk through.
        _zones.Truncate(w);
        _bullBottomMax = bullBottom;
        _bullFreshTopMax = bullTop;
        _bearTopMin = bearTop;
        _bearFreshBottomMin = bearBottom;
    }

    /// <summary>Emits the change of the block in slot <paramref name="s"/>: invalidated when <paramref name="broken"/>, else mitigated.</summary>
    private void Change(int s, bool broken, long index, long eventTime)
    {
        var next = broken ? ZoneState.Invalidated : ZoneState.Filled;
        _events[_eventCount++] = new OrderBlockEvent(_zones.Direction[s], next, _zones.Top[s], _zones.Bottom[s], _zones.Volume[s], _zones.Index[s], _zones.Time[s], index, eventTime);
        _zones.State[s] = next;
    }

    /// <summary>Exact bounds over the live blocks (after a restore).</summary>
    private void RecomputeBounds()
    {
        _bullBottomMax = long.MinValue;
        _bullFreshTopMax = long.MinValue;
        _bearTopMin = long.MaxValue;
        _bearFreshBottomMin = long.MaxValue;
        for (var s = _zones.Start; s < _zones.End; s++)
        {
            var fresh = _zones.State[s] == ZoneState.Active;
            if (_zones.Direction[s] == StructureDirection.Bullish)
            {
                _bullBottomMax = Math.Max(_bullBottomMax, _zones.Bottom[s]);
                if (fresh)
                    _bullFreshTopMax = Math.Max(_bullFreshTopMax, _zones.Top[s]);
            }
            else
            {
                _bearTopMin = Math.Min(_bearTopMin, _zones.Top[s]);
                if (fresh)
                    _bearFreshBottomMin = Math.Min(_bearFreshBottomMin, _zones.Bottom[s]);
            }
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
            _zones.Add(direction, ZoneState.Active, r.High, r.Low, j, r.Time, r.Volume, 0, 0);
            if (direction == StructureDirection.Bullish)
            {
                _bullBottomMax = Math.Max(_bullBottomMax, r.Low);
                _bullFreshTopMax = Math.Max(_bullFreshTopMax, r.High);
            }
            else
            {
                _bearTopMin = Math.Min(_bearTopMin, r.High);
                _bearFreshBottomMin = Math.Min(_bearFreshBottomMin, r.Low);
            }
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
        RecomputeBounds();
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
