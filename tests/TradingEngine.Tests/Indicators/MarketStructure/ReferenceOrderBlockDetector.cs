using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>
/// The order-block core as it was before the columnar scan (commit 9809a38), kept as the reference of ZoneDetectorReferenceTests
/// and, compiled into the benchmark project from this file, as the baseline of ZoneScanBenchmarks.
/// </summary>
/// <remarks>
/// Streaming order blocks (docs/market_structure.md §4). Definition: when bar i breaks structure upward
/// (<see cref="StructureBreakDetector"/>, BOS or CHoCH), the bullish block is the most recent bearish candle
/// (close &lt; open) among bars i−1 … i−lookback; its zone is that candle's [low, high]. Bearish mirrors (most recent
/// bullish candle, close &gt; open). No such candle, no block. From bar i+1 on, for a bullish block: close &lt; bottom →
/// Invalidated (removed); else low ≤ top while fresh → mitigated (<see cref="ZoneState.Filled"/>, kept: a mitigated
/// block can still be invalidated). Bearish mirrors. A block whose origin is more than max age bars old is dropped
/// without an event; at most capacity blocks live. Events of a bar: state changes oldest first, then new blocks
/// (bullish before bearish).
/// </remarks>
internal struct ReferenceOrderBlockDetector
{
    private StructureBreakDetector _breaks;
    private ZoneList _zones;
    private OrderBlockEvent[] _events;
    private int _eventCount;
    private long[] _open, _high, _low, _close, _volume, _time;
    private int _lookback;
    private int _head;
    private long _maxAge;

    /// <summary>A detector over the breaks of <paramref name="breaks"/>.</summary>
    public static ReferenceOrderBlockDetector Create(StructureBreakDetector breaks, int lookback = 10, int maxAge = 500, int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var n = lookback + 1;
        return new ReferenceOrderBlockDetector
        {
            _breaks = breaks,
            _zones = ZoneList.Create(capacity),
            _events = new OrderBlockEvent[capacity + 2],
            _open = new long[n], _high = new long[n], _low = new long[n], _close = new long[n], _volume = new long[n], _time = new long[n],
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

    /// <summary>The newest live block of <paramref name="direction"/>; false when there is none.</summary>
    public readonly bool TryNewest(StructureDirection direction, out long topRaw, out long bottomRaw)
    {
        var i = _zones.Newest(direction);
        topRaw = i < 0 ? 0 : _zones[i].TopRaw;
        bottomRaw = i < 0 ? 0 : _zones[i].BottomRaw;
        return i >= 0;
    }

    /// <summary>Folds a closed bar; returns the number of <see cref="Events"/>.</summary>
    public int Update(in Candle bar)
    {
        _eventCount = 0;
        var index = _breaks.Count;
        var broke = _breaks.Update(in bar);

        _zones.Expire(index, _maxAge);
        for (var i = 0; i < _zones.Count; i++)
        {
            ref var z = ref _zones[i];
            var state = z.State;
            if (z.Direction == StructureDirection.Bullish)
            {
                if (bar.CloseRaw < z.BottomRaw)
                    state = ZoneState.Invalidated;
                else if (bar.LowRaw <= z.TopRaw)
                    state = ZoneState.Filled;
            }
            else
            {
                if (bar.CloseRaw > z.TopRaw)
                    state = ZoneState.Invalidated;
                else if (bar.HighRaw >= z.BottomRaw)
                    state = ZoneState.Filled;
            }
            if (state == z.State)
                continue;
            z.State = state;
            _events[_eventCount++] = new OrderBlockEvent(z.Direction, state, z.TopRaw, z.BottomRaw, z.VolumeRaw, z.Index, z.Time, index, bar.CloseTime);
            if (state == ZoneState.Invalidated)
            {
                _zones.RemoveAt(i);
                i--;
            }
        }

        if ((broke & StructureBreakDetector.BrokeUp) != 0)
            Form(StructureDirection.Bullish, index, bar.CloseTime);
        if ((broke & StructureBreakDetector.BrokeDown) != 0)
            Form(StructureDirection.Bearish, index, bar.CloseTime);

        var slot = _head + 1 == _open.Length ? 0 : _head + 1;
        _head = slot;
        _open[slot] = bar.OpenRaw;
        _high[slot] = bar.HighRaw;
        _low[slot] = bar.LowRaw;
        _close[slot] = bar.CloseRaw;
        _volume[slot] = bar.VolumeRaw;
        _time[slot] = bar.OpenTime;
        return _eventCount;
    }

    private void Form(StructureDirection direction, long index, long eventTime)
    {
        var oldest = Math.Max(0, index - _lookback);
        // The ring holds bars index−1 … index−lookback at this point (the breaking bar is stored after the search).
        var s = _head;
        for (var j = index - 1; j >= oldest; j--, s = s == 0 ? _open.Length - 1 : s - 1)
        {
            var opposite = direction == StructureDirection.Bullish ? _close[s] < _open[s] : _close[s] > _open[s];
            if (!opposite)
                continue;
            var zone = new Zone { Direction = direction, State = ZoneState.Active, TopRaw = _high[s], BottomRaw = _low[s], Index = j, Time = _time[s], VolumeRaw = _volume[s] };
            _zones.Add(in zone);
            _events[_eventCount++] = new OrderBlockEvent(direction, ZoneState.Active, zone.TopRaw, zone.BottomRaw, zone.VolumeRaw, j, zone.Time, index, eventTime);
            return;
        }
    }
}
