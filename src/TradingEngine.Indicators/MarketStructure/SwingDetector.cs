using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// Streaming swing points (docs/market_structure.md §2). Definition: with strength n, bar p is a swing high
/// when its high is strictly above the highs of the n bars before it and at least the highs of the n bars after
/// it (so the leftmost bar of a flat top is the pivot); a swing low mirrors it with lows. The swing becomes known
/// at bar p + n and is emitted there. It is classified against the previous swing of the same side: equal when
/// |price − previous| ≤ tolerance, else higher or lower. Tolerance = max(equal distance, equal ATR fraction × ATR)
/// in raw units, ATR (Wilder, <see cref="AtrState"/>) taken at the confirming bar. O(n) per bar, no allocation
/// after <see cref="Create"/>.
/// </summary>
internal partial struct SwingDetector
{
    /// <summary>Bit of <see cref="Update"/>'s result: a swing high was confirmed on this bar.</summary>
    public const int HighConfirmed = 1;

    /// <summary>Bit of <see cref="Update"/>'s result: a swing low was confirmed on this bar.</summary>
    public const int LowConfirmed = 2;

    private long[] _highs;
    private long[] _lows;
    private long[] _times;
    private int _strength;
    private int _size;
    private int _head;
    private double _equalDistance;
    private double _equalAtr;
    private AtrState _atr;
    private double _atrValue;
    private long _count;
    private SwingEvent _lastHigh;
    private SwingEvent _lastLow;
    private bool _hasHigh;
    private bool _hasLow;

    /// <summary>A detector with <paramref name="strength"/> bars on each side.</summary>
    /// <param name="strength">Bars on each side of the pivot (≥ 1).</param>
    /// <param name="equalDistance">Equal-swing tolerance in price units (e.g. ticks × tick size); 0 = exact.</param>
    /// <param name="equalAtrFraction">Equal-swing tolerance as a fraction of ATR; 0 = unused.</param>
    /// <param name="atrPeriod">ATR period for <paramref name="equalAtrFraction"/>.</param>
    public static SwingDetector Create(int strength, double equalDistance = 0, double equalAtrFraction = 0, int atrPeriod = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(strength, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(equalDistance);
        ArgumentOutOfRangeException.ThrowIfNegative(equalAtrFraction);
        var size = (2 * strength) + 1;
        return new SwingDetector
        {
            _strength = strength,
            _size = size,
            _highs = new long[size],
            _lows = new long[size],
            _times = new long[size],
            _head = -1,
            _equalDistance = equalDistance,
            _equalAtr = equalAtrFraction,
            _atr = AtrState.Create(atrPeriod),
        };
    }

    /// <summary>Bars on each side of a pivot.</summary>
    public readonly int Strength => _strength;

    /// <summary>Bars seen; the index of the next bar.</summary>
    public readonly long Count => _count;

    /// <summary>The last confirmed swing high (valid when <see cref="HasHigh"/>).</summary>
    public readonly SwingEvent LastHigh => _lastHigh;

    /// <summary>The last confirmed swing low (valid when <see cref="HasLow"/>).</summary>
    public readonly SwingEvent LastLow => _lastLow;

    /// <summary>Whether a swing high has been confirmed.</summary>
    public readonly bool HasHigh => _hasHigh;

    /// <summary>Whether a swing low has been confirmed.</summary>
    public readonly bool HasLow => _hasLow;

    /// <summary>ATR at the last bar (0 until ready).</summary>
    public readonly double Atr => _atrValue;

    /// <summary>
    /// Folds closed bar number <see cref="Count"/>; returns <see cref="HighConfirmed"/> | <see cref="LowConfirmed"/>
    /// for the swings this bar confirmed (read them from <see cref="LastHigh"/> / <see cref="LastLow"/>).
    /// </summary>
    public int Update(in Candle bar)
    {
        var index = _count++;
        // The ring slot advances with the bar count; int steps instead of a 64-bit modulo per neighbour.
        var slot = _head + 1 == _size ? 0 : _head + 1;
        _head = slot;
        _highs[slot] = bar.HighRaw;
        _lows[slot] = bar.LowRaw;
        _times[slot] = bar.OpenTime;
        var p = bar.PricePrecision;
        if (_atr.Update(StructureMath.ToDouble(bar.HighRaw, p), StructureMath.ToDouble(bar.LowRaw, p), StructureMath.ToDouble(bar.CloseRaw, p), out var atr))
            _atrValue = atr;
        if (index < _size - 1)
            return 0;

        var pivot = index - _strength;
        var ps = Back(_strength);
        var high = _highs[ps];
        var low = _lows[ps];
        var isHigh = true;
        var isLow = true;
        for (var k = 1; k <= _strength; k++)
        {
            var left = Back(_strength + k);
            var right = Back(_strength - k);
            // Ties: strictly beyond the left side, at least equal to the right side: the first bar of a flat extreme wins.
            isHigh &= high > _highs[left] && high >= _highs[right];
            isLow &= low < _lows[left] && low <= _lows[right];
        }
        if (!(isHigh | isLow))
            return 0;

        var tolerance = StructureMath.ToleranceRaw(_equalDistance, _equalAtr, _atrValue, p);
        var result = 0;
        if (isHigh)
        {
            var cls = !_hasHigh ? SwingClassification.None
                : Math.Abs(high - _lastHigh.PriceRaw) <= tolerance ? SwingClassification.EqualHigh
                : high > _lastHigh.PriceRaw ? SwingClassification.HigherHigh : SwingClassification.LowerHigh;
            _lastHigh = new SwingEvent(SwingSide.High, cls, high, pivot, _times[ps], index, bar.CloseTime);
            _hasHigh = true;
            result |= HighConfirmed;
        }
        if (isLow)
        {
            var cls = !_hasLow ? SwingClassification.None
                : Math.Abs(low - _lastLow.PriceRaw) <= tolerance ? SwingClassification.EqualLow
                : low < _lastLow.PriceRaw ? SwingClassification.LowerLow : SwingClassification.HigherLow;
            _lastLow = new SwingEvent(SwingSide.Low, cls, low, pivot, _times[ps], index, bar.CloseTime);
            _hasLow = true;
            result |= LowConfirmed;
        }
        return result;
    }

    /// <summary>The slot of the bar <paramref name="age"/> bars before the newest (age &lt; size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Back(int age)
    {
        var s = _head - age;
        return s < 0 ? s + _size : s;
    }

    /// <summary>Writes the whole state (bar window, ATR, last swings).</summary>
    public readonly void WriteState(ref StateWriter w)
    {
        w.WriteInt64(_count);
        w.WriteInt32(_head);
        for (var i = 0; i < _size; i++)
        {
            w.WriteInt64(_highs[i]);
            w.WriteInt64(_lows[i]);
            w.WriteInt64(_times[i]);
        }
        var span = w.GetSpan(_atr.SnapshotSize);
        w.Advance(_atr.WriteTo(span));
        w.WriteDouble(_atrValue);
        w.WriteBoolean(_hasHigh);
        WriteSwing(ref w, _lastHigh);
        w.WriteBoolean(_hasLow);
        WriteSwing(ref w, _lastLow);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote, into a detector created with the same parameters.</summary>
    public void ReadState(ref StateReader r)
    {
        _count = r.ReadInt64();
        _head = r.ReadInt32();
        for (var i = 0; i < _size; i++)
        {
            _highs[i] = r.ReadInt64();
            _lows[i] = r.ReadInt64();
            _times[i] = r.ReadInt64();
        }
        var size = _atr.SnapshotSize;
        _atr = AtrState.ReadFrom(r.Peek()[..size]);
        r.Skip(size);
        _atrValue = r.ReadDouble();
        _hasHigh = r.ReadBoolean();
        _lastHigh = ReadSwing(ref r);
        _hasLow = r.ReadBoolean();
        _lastLow = ReadSwing(ref r);
    }

    internal static void WriteSwing(ref StateWriter w, in SwingEvent s)
    {
        w.WriteByte((byte)s.Side);
        w.WriteByte((byte)s.Class);
        w.WriteInt64(s.PriceRaw);
        w.WriteInt64(s.PivotIndex);
        w.WriteInt64(s.PivotTime);
        w.WriteInt64(s.EmittedIndex);
        w.WriteInt64(s.EventTime);
    }

    internal static SwingEvent ReadSwing(ref StateReader r) => new(
        (SwingSide)r.ReadByte(), (SwingClassification)r.ReadByte(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
}
