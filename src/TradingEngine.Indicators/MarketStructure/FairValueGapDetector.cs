using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Streaming fair value gaps (docs/market_structure.md §3). Definition: at bar i ≥ 2, a bullish gap is
/// [high[i−2], low[i]] when low[i] &gt; high[i−2], a bearish gap [high[i], low[i−2]] when high[i] &lt; low[i−2], kept
/// when its size is at least max(min size, min ATR fraction × ATR at bar i). It refers to the middle bar i−1 and is
/// emitted at bar i as <see cref="ZoneState.Active"/>. From bar i+1 on, per bar, for a bullish gap [b, t]: close &lt; b →
/// Invalidated; else low ≤ b → Filled; else low &lt; t while Active → PartiallyFilled (bearish mirrors). Filled and
/// Invalidated gaps are removed; a gap whose middle bar is more than max age bars old is dropped without an event;
/// at most capacity gaps live (the oldest is dropped). Events of a bar: state changes oldest gap first, then the new gap.
/// </summary>
internal partial struct FairValueGapDetector
{
    private ZoneList _zones;
    private FvgEvent[] _events;
    private int _eventCount;
    private AtrState _atr;
    private double _atrValue;
    private double _minSize;
    private double _minAtr;
    private long _maxAge;
    private long _count;
    private long _high1, _low1, _time1;
    private long _high2, _low2;

    /// <summary>A detector.</summary>
    /// <param name="minSize">Minimum gap size in price units (0 = any positive gap).</param>
    /// <param name="minAtrFraction">Minimum gap size as a fraction of ATR (0 = unused).</param>
    /// <param name="atrPeriod">ATR period.</param>
    /// <param name="maxAge">Bars after its middle bar a gap stays alive.</param>
    /// <param name="capacity">Live gaps kept at most.</param>
    public static FairValueGapDetector Create(double minSize = 0, double minAtrFraction = 0, int atrPeriod = 14, int maxAge = 500, int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minSize);
        ArgumentOutOfRangeException.ThrowIfNegative(minAtrFraction);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new FairValueGapDetector
        {
            _zones = ZoneList.Create(capacity),
            _events = new FvgEvent[capacity + 1],
            _atr = AtrState.Create(atrPeriod),
            _minSize = minSize,
            _minAtr = minAtrFraction,
            _maxAge = maxAge,
        };
    }

    /// <summary>Bars seen; the index of the next bar.</summary>
    public readonly long Count => _count;

    /// <summary>The events of the last <see cref="Update"/>.</summary>
    public readonly ReadOnlySpan<FvgEvent> Events => _events.AsSpan(0, _eventCount);

    /// <summary>Live gaps.</summary>
    public readonly int LiveCount => _zones.Count;

    /// <summary>The newest live gap of <paramref name="direction"/>; false when there is none.</summary>
    public readonly bool TryNewest(StructureDirection direction, out long topRaw, out long bottomRaw)
    {
        var i = _zones.Newest(direction);
        topRaw = i < 0 ? 0 : _zones[i].TopRaw;
        bottomRaw = i < 0 ? 0 : _zones[i].BottomRaw;
        return i >= 0;
    }

    /// <summary>Folds closed bar number <see cref="Count"/>; returns the number of <see cref="Events"/>.</summary>
    public int Update(in Candle bar)
    {
        _eventCount = 0;
        var index = _count++;
        var p = bar.PricePrecision;
        if (_atr.Update(StructureMath.ToDouble(bar.HighRaw, p), StructureMath.ToDouble(bar.LowRaw, p), StructureMath.ToDouble(bar.CloseRaw, p), out var atr))
            _atrValue = atr;

        _zones.Expire(index, _maxAge);
        for (var i = 0; i < _zones.Count; i++)
        {
            ref var z = ref _zones[i];
            var state = z.State;
            if (z.Direction == StructureDirection.Bullish)
            {
                if (bar.CloseRaw < z.BottomRaw)
                    state = ZoneState.Invalidated;
                else if (bar.LowRaw <= z.BottomRaw)
                    state = ZoneState.Filled;
                else if (bar.LowRaw < z.TopRaw)
                    state = ZoneState.PartiallyFilled;
            }
            else
            {
                if (bar.CloseRaw > z.TopRaw)
                    state = ZoneState.Invalidated;
                else if (bar.HighRaw >= z.TopRaw)
                    state = ZoneState.Filled;
                else if (bar.HighRaw > z.BottomRaw)
                    state = ZoneState.PartiallyFilled;
            }
            if (state == z.State)
                continue;
            z.State = state;
            _events[_eventCount++] = new FvgEvent(z.Direction, state, z.TopRaw, z.BottomRaw, z.Index, z.Time, index, bar.CloseTime);
            if (state is ZoneState.Filled or ZoneState.Invalidated)
            {
                _zones.RemoveAt(i);
                i--;
            }
        }

        if (index >= 2)
        {
            var min = StructureMath.ToleranceRaw(_minSize, _minAtr, _atrValue, p);
            var dir = StructureDirection.None;
            long top = 0, bottom = 0;
            if (bar.LowRaw > _high2 && bar.LowRaw - _high2 >= min)
            {
                dir = StructureDirection.Bullish;
                top = bar.LowRaw;
                bottom = _high2;
            }
            else if (bar.HighRaw < _low2 && _low2 - bar.HighRaw >= min)
            {
                dir = StructureDirection.Bearish;
                top = _low2;
                bottom = bar.HighRaw;
            }
            if (dir != StructureDirection.None)
            {
                var zone = new Zone { Direction = dir, State = ZoneState.Active, TopRaw = top, BottomRaw = bottom, Index = index - 1, Time = _time1 };
                _zones.Add(in zone);
                _events[_eventCount++] = new FvgEvent(dir, ZoneState.Active, top, bottom, index - 1, _time1, index, bar.CloseTime);
            }
        }
        _high2 = _high1;
        _low2 = _low1;
        _high1 = bar.HighRaw;
        _low1 = bar.LowRaw;
        _time1 = bar.OpenTime;
        return _eventCount;
    }

    /// <summary>Writes the whole state.</summary>
    public readonly void WriteState(ref StateWriter w)
    {
        w.WriteInt64(_count);
        w.WriteInt64(_high1);
        w.WriteInt64(_low1);
        w.WriteInt64(_time1);
        w.WriteInt64(_high2);
        w.WriteInt64(_low2);
        var span = w.GetSpan(_atr.SnapshotSize);
        w.Advance(_atr.WriteTo(span));
        w.WriteDouble(_atrValue);
        _zones.Write(ref w);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(ref StateReader r)
    {
        _count = r.ReadInt64();
        _high1 = r.ReadInt64();
        _low1 = r.ReadInt64();
        _time1 = r.ReadInt64();
        _high2 = r.ReadInt64();
        _low2 = r.ReadInt64();
        var size = _atr.SnapshotSize;
        _atr = AtrState.ReadFrom(r.Peek()[..size]);
        r.Skip(size);
        _atrValue = r.ReadDouble();
        _zones.Read(ref r);
        _eventCount = 0;
    }
}
