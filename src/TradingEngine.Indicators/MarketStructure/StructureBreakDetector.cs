using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Streaming BOS / CHoCH (docs/market_structure.md §5) over the swings of an inner <see cref="SwingDetector"/>.
/// Definition: the latest confirmed swing high (low) is the live up (down) level until broken; a bar breaks it when
/// its close (or its high/low in wick mode) is strictly beyond. Trend starts at none; it becomes up when the latest
/// swing high is a higher high and the latest swing low a higher low, down for lower high and lower low, and after
/// every break it is the break's direction. A break against the trend is a CHoCH, any other break a BOS. A broken
/// level is spent (it cannot break twice). Per bar: swings are confirmed first, then the up level is tested, then
/// the down level.
/// </summary>
internal partial struct StructureBreakDetector
{
    private SwingDetector _swings;
    private BreakMode _mode;
    private BreakEvent _up;
    private BreakEvent _down;
    private SwingEvent _upLevel;
    private SwingEvent _downLevel;
    private bool _hasUp;
    private bool _hasDown;
    private int _trend;
    private int _swingFlags;
    private int _breakFlags;

    /// <summary>Bit of <see cref="Update"/>'s result: the up level broke (read <see cref="LastUp"/>).</summary>
    public const int BrokeUp = 1;

    /// <summary>Bit of <see cref="Update"/>'s result: the down level broke (read <see cref="LastDown"/>).</summary>
    public const int BrokeDown = 2;

    /// <summary>A detector over swings of <paramref name="swings"/>' parameters.</summary>
    public static StructureBreakDetector Create(SwingDetector swings, BreakMode mode = BreakMode.Close) =>
        new() { _swings = swings, _mode = mode };

    /// <summary>The inner swing detector (its swings of the last bar are in <see cref="SwingFlags"/>).</summary>
    public readonly SwingDetector Swings => _swings;

    /// <summary><see cref="SwingDetector.Update"/>'s result for the last bar.</summary>
    public readonly int SwingFlags => _swingFlags;

    /// <summary>+1 up, −1 down, 0 none yet.</summary>
    public readonly int Trend => _trend;

    /// <summary>The last bullish break.</summary>
    public readonly BreakEvent LastUp => _up;

    /// <summary>The last bearish break.</summary>
    public readonly BreakEvent LastDown => _down;

    /// <summary>The live up level (a swing high), if any.</summary>
    public readonly bool TryUpLevel(out SwingEvent level)
    {
        level = _upLevel;
        return _hasUp;
    }

    /// <summary>The live down level (a swing low), if any.</summary>
    public readonly bool TryDownLevel(out SwingEvent level)
    {
        level = _downLevel;
        return _hasDown;
    }

    /// <summary>Bars seen.</summary>
    public readonly long Count => _swings.Count;

    /// <summary>Folds a closed bar; returns <see cref="BrokeUp"/> | <see cref="BrokeDown"/>.</summary>
    public int Update(in Candle bar)
    {
        var index = _swings.Count;
        var flags = _swings.Update(in bar);
        _swingFlags = flags;
        if ((flags & SwingDetector.HighConfirmed) != 0)
        {
            _upLevel = _swings.LastHigh;
            _hasUp = true;
        }
        if ((flags & SwingDetector.LowConfirmed) != 0)
        {
            _downLevel = _swings.LastLow;
            _hasDown = true;
        }
        if (flags != 0 && _swings.HasHigh && _swings.HasLow)
        {
            var h = _swings.LastHigh.Class;
            var l = _swings.LastLow.Class;
            if (h == SwingClassification.HigherHigh && l == SwingClassification.HigherLow)
                _trend = 1;
            else if (h == SwingClassification.LowerHigh && l == SwingClassification.LowerLow)
                _trend = -1;
        }

        var result = 0;
        if (_hasUp)
        {
            var probe = _mode == BreakMode.Close ? bar.CloseRaw : bar.HighRaw;
            if (probe > _upLevel.PriceRaw)
            {
                var kind = _trend < 0 ? BreakKind.ChangeOfCharacter : BreakKind.BreakOfStructure;
                _up = new BreakEvent(StructureDirection.Bullish, kind, _upLevel.PriceRaw, probe, _upLevel.PivotIndex, _upLevel.PivotTime, index, bar.CloseTime);
                _hasUp = false;
                _trend = 1;
                result |= BrokeUp;
            }
        }
        if (_hasDown)
        {
            var probe = _mode == BreakMode.Close ? bar.CloseRaw : bar.LowRaw;
            if (probe < _downLevel.PriceRaw)
            {
                var kind = _trend > 0 ? BreakKind.ChangeOfCharacter : BreakKind.BreakOfStructure;
                _down = new BreakEvent(StructureDirection.Bearish, kind, _downLevel.PriceRaw, probe, _downLevel.PivotIndex, _downLevel.PivotTime, index, bar.CloseTime);
                _hasDown = false;
                _trend = -1;
                result |= BrokeDown;
            }
        }
        _breakFlags = result;
        return result;
    }

    /// <summary><see cref="Update"/>'s result for the last bar.</summary>
    public readonly int BreakFlags => _breakFlags;

    /// <summary>Writes the whole state.</summary>
    public readonly void WriteState(ref StateWriter w)
    {
        _swings.WriteState(ref w);
        w.WriteInt32(_trend);
        w.WriteBoolean(_hasUp);
        SwingDetector.WriteSwing(ref w, _upLevel);
        w.WriteBoolean(_hasDown);
        SwingDetector.WriteSwing(ref w, _downLevel);
        WriteBreak(ref w, _up);
        WriteBreak(ref w, _down);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(ref StateReader r)
    {
        _swings.ReadState(ref r);
        _trend = r.ReadInt32();
        _hasUp = r.ReadBoolean();
        _upLevel = SwingDetector.ReadSwing(ref r);
        _hasDown = r.ReadBoolean();
        _downLevel = SwingDetector.ReadSwing(ref r);
        _up = ReadBreak(ref r);
        _down = ReadBreak(ref r);
        _swingFlags = 0;
        _breakFlags = 0;
    }

    private static void WriteBreak(ref StateWriter w, in BreakEvent b)
    {
        w.WriteByte((byte)b.Direction);
        w.WriteByte((byte)b.Kind);
        w.WriteInt64(b.LevelRaw);
        w.WriteInt64(b.BreakPriceRaw);
        w.WriteInt64(b.SwingIndex);
        w.WriteInt64(b.SwingTime);
        w.WriteInt64(b.EmittedIndex);
        w.WriteInt64(b.EventTime);
    }

    private static BreakEvent ReadBreak(ref StateReader r) => new(
        (StructureDirection)r.ReadByte(), (BreakKind)r.ReadByte(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
}
