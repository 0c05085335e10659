using System.Runtime.CompilerServices;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators.Vwap;

/// <summary>
/// Session-anchored volume-weighted average price with 1σ/2σ bands, streaming, O(1), no allocation.
/// <para>
/// Formula, over the events i of the current session: VWAP = Σ pᵢvᵢ / Σ vᵢ, where p is the trade price
/// (<see cref="Update"/>, from ticks: price × size) or the typical price (high + low + close) / 3
/// (<see cref="UpdateCandle"/>, from candles: the same expression and operand order as technicalindicators).
/// Bands: σ² = Σ vᵢ(pᵢ − VWAP)² / Σ vᵢ (volume-weighted population variance), computed in one pass as
/// Σ vd² / Σ v − (Σ vd / Σ v)² with d = p − p₀ shifted by the session's first price p₀ (the shift removes the
/// catastrophic cancellation of the textbook Σvp²/Σv − VWAP²), clamped at 0; bands VWAP ± σ and ± 2σ.
/// The update only adds to the sums; <see cref="VwapValue"/> divides when its properties are read.
/// Exactness: sums are doubles. For tick prices with few decimals and integer sizes, each pᵢvᵢ and each
/// running sum is exact while Σ pv &lt; 2⁵³ (for ES at 4,800 that is 1.8 × 10¹² contracts a session), so the
/// VWAP is then the correctly rounded quotient of exact sums.
/// Anchoring: state resets on the first event of each session of its <see cref="SessionCalendar"/>; events
/// between sessions (pre/post-market for <see cref="SessionCalendar.UsEquityRegular"/>) are ignored and give no
/// output. A candle belongs to the session containing its START time. Zero-volume events change nothing and
/// give an output only once the session has volume.
/// Checked against: <see cref="VwapBatch"/> bit for bit, a two-pass session formula within 1e-9 relative, and
/// technicalindicators 3.1.0 VWAP per regular session on Skender's intraday bars (tests/reference/talib.json).
/// </para>
/// </summary>
internal struct VwapState
{
    private SessionClock _clock;
    private double _sumPriceVolume;
    private double _sumVolume;
    private double _shift;
    private double _sumShiftedVolume;
    private double _sumShiftedSquaredVolume;

    public static VwapState Create(SessionCalendar schedule) => new() { _clock = SessionClock.Create(schedule) };

    public readonly SessionCalendar Calendar => _clock.Calendar;

    /// <summary>No warm-up: the first event with volume in a session gives an output.</summary>
    public readonly int Lookback => 0;

    public readonly SessionWindow Session => _clock.Window;

    /// <summary>A trade (price × size) at event time <paramref name="utcNanos"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Update(long utcNanos, double price, double volume, out VwapValue value)
    {
        var step = _clock.Advance(utcNanos);
        if (step != SessionStep.Same)
        {
            if (step == SessionStep.Outside)
            {
                value = default;
                return false;
            }
            ResetSums();
            _shift = price; // deviations are measured from the session's first price
        }
        _sumPriceVolume += price * volume;
        _sumVolume += volume;
        var d = price - _shift;
        var dv = d * volume;
        _sumShiftedVolume += dv;
        _sumShiftedSquaredVolume += dv * d;
        if (_sumVolume <= 0)
        {
            value = default;
            return false;
        }
        value = new VwapValue(_sumPriceVolume, _sumVolume, _shift, _sumShiftedVolume, _sumShiftedSquaredVolume, _clock.Window.Start);
        return true;
    }

    /// <summary>A candle (typical price × volume); <paramref name="startUtcNanos"/> is the candle's open time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool UpdateCandle(long startUtcNanos, double high, double low, double close, double volume, out VwapValue value) =>
        Update(startUtcNanos, (high + low + close) / 3, volume, out value);

    public void Reset()
    {
        _clock.Reset();
        ResetSums();
    }

    private void ResetSums()
    {
        _sumPriceVolume = 0;
        _sumVolume = 0;
        _shift = 0;
        _sumShiftedVolume = 0;
        _sumShiftedSquaredVolume = 0;
    }

    public const int SnapshotSize = 2 + SessionClock.SnapshotBytes + 8 * 5;

    public readonly int WriteTo(Span<byte> destination)
    {
        SnapshotFormat.EnsureSpace(destination.Length, SnapshotSize);
        SnapshotFormat.WriteHeader(destination, IndicatorKind.Vwap);
        var offset = 2;
        _clock.Write(destination, ref offset);
        SnapshotFormat.WriteDouble(destination, ref offset, _sumPriceVolume);
        SnapshotFormat.WriteDouble(destination, ref offset, _sumVolume);
        SnapshotFormat.WriteDouble(destination, ref offset, _shift);
        SnapshotFormat.WriteDouble(destination, ref offset, _sumShiftedVolume);
        SnapshotFormat.WriteDouble(destination, ref offset, _sumShiftedSquaredVolume);
        return offset;
    }

    /// <summary>Restores a snapshot; the schedule is configuration (from the pipeline), not state.</summary>
    public static VwapState ReadFrom(ReadOnlySpan<byte> source, SessionCalendar schedule)
    {
        SnapshotFormat.ReadHeader(source, IndicatorKind.Vwap);
        var offset = 2;
        var state = Create(schedule);
        state._clock.Read(source, ref offset);
        state._sumPriceVolume = SnapshotFormat.ReadDouble(source, ref offset);
        state._sumVolume = SnapshotFormat.ReadDouble(source, ref offset);
        state._shift = SnapshotFormat.ReadDouble(source, ref offset);
        state._sumShiftedVolume = SnapshotFormat.ReadDouble(source, ref offset);
        state._sumShiftedSquaredVolume = SnapshotFormat.ReadDouble(source, ref offset);
        return state;
    }
}
