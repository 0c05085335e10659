using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Engine.Aggregation;

/// <summary>
/// Per-symbol candle aggregation for any set of <see cref="BarSpec"/>s: time bars aligned to UTC or to a
/// <see cref="SessionCalendar"/>, tick-count, volume and range bars, and time bars folded from external candles.
/// Owned by one executor thread (no locks). Every input is reported through a struct <see cref="ICandleSink"/>
/// passed by <c>ref</c>, so the executor can fire "candle update" and "candle close" per spec index without virtual
/// calls. The steady state allocates nothing; bucket boundaries are computed only when an input leaves the
/// forming bucket, so the per-tick path for a time bar is one unsigned compare and the fold.
/// <para>
/// Close rules (docs/aggregation.md has the full contract): a time bar closes when an input of a later bucket
/// arrives or <see cref="OnTimer{TSink}"/> reaches its end (end exclusive); a tick-count bar on its N-th print;
/// a volume bar when its volume reaches the threshold exactly (the crossing print is split, the overflow opens the
/// next bar(s) at the same price); a range bar when a print would push High − Low above the range (that print
/// opens the next bar). A timer closes a time bar only once it is <see cref="Lateness"/> past the bar's end (the
/// live clock's timers carry wall-clock time, ahead of the feed's event time by the feed's latency). Inputs older
/// than the forming bucket (already closed) are counted in <see cref="LateInputs"/> (and, when the clock closed
/// the candle, in <see cref="ClockLateEvents"/>) and fold into no candle: closed candles are final.
/// </para>
/// </summary>
public sealed partial class CandleAggregator
{
    // Monday 1970-01-05 00:00 UTC, so that weekly UTC bars start on Mondays like every charting package's weeks.
    private const long WeekOrigin = 4 * UtcNanos.PerDay;

    private readonly BarSpec[] _specs;
    private readonly BarState[] _states;
    private readonly SessionCalendar _calendar;
    private readonly SymbolId _symbol;
    private readonly byte _pricePrecision;
    private readonly byte _sizePrecision;
    private readonly bool _excludeSuspicious;
    private readonly uint _volumeOnlyConditions;
    private readonly uint _volumeOnlyExemptions;

    // the session that answered the last lookup, valid for [_cursorFrom, _cursorTo)
    private long _cursorFrom;
    private long _cursorTo;
    private long _sessionOpen;
    private long _sessionClose;
    private bool _cursorInSession;

    private long _lateInputs;
    private long _outsideSessionInputs;
    private long _outsideSessionEvents;
    private readonly long[] _outsideSessionExamples = new long[OutsideSessionExampleCount];
    private long _filteredTicks;
    private long _ignoredExternal;
    private long _clockLateEvents;
    private long _clockLateSeen; // per series, like _lateInputs: an event that moved it is counted once in _clockLateEvents
    private readonly long _lateness;

    /// <param name="symbol">Written into every candle.</param>
    /// <param name="specs">The series, in the index order the sink reports.</param>
    /// <param name="calendar">Alignment of time bars; <see cref="SessionCalendar.Utc"/> for plain UTC buckets.</param>
    /// <param name="pricePrecision">The instrument's price precision: every tick and external candle must carry it.</param>
    /// <param name="sizePrecision">The instrument's size precision, likewise.</param>
    /// <param name="filter">Which prints count; <see cref="TickFilter.Default"/> when null.</param>
    /// <param name="lateness">How far past a time bar's end a timer must be to close it (the pipeline's <c>candle_lateness</c>; default 0).</param>
    public CandleAggregator(SymbolId symbol, ReadOnlySpan<BarSpec> specs, SessionCalendar calendar, byte pricePrecision, byte sizePrecision, TickFilter? filter = null,
        TimeSpan lateness = default)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (pricePrecision > FixedPoint.MaxPrecision || sizePrecision > FixedPoint.MaxPrecision)
            ThrowHelper.ThrowArgument(nameof(pricePrecision), $"precisions must be 0..{FixedPoint.MaxPrecision}");
        if (lateness < TimeSpan.Zero)
            ThrowHelper.ThrowArgument(nameof(lateness), $"candle lateness is {lateness}, expected 0 or more");
        _lateness = lateness.Ticks * 100;
        _symbol = symbol;
        _calendar = calendar;
        _pricePrecision = pricePrecision;
        _sizePrecision = sizePrecision;
        var f = filter ?? TickFilter.Default;
        _excludeSuspicious = f.ExcludeSuspicious;
        _volumeOnlyConditions = f.VolumeOnlyConditions;
        _volumeOnlyExemptions = f.VolumeOnlyExemptions;
        _specs = specs.ToArray();
        _states = new BarState[_specs.Length];
        for (var i = 0; i < _specs.Length; i++)
            _states[i] = CreateState(_specs[i]);
        _cursorFrom = _cursorTo = long.MinValue;
    }

    public SymbolId Symbol => _symbol;

    public SessionCalendar Calendar => _calendar;

    public byte PricePrecision => _pricePrecision;

    public byte SizePrecision => _sizePrecision;

    public int SpecCount => _specs.Length;

    public BarSpec Spec(int spec) => _specs[spec];

    /// <summary>The index of the first spec equal to <paramref name="spec"/>, or −1.</summary>
    public int IndexOf(BarSpec spec) => Array.IndexOf(_specs, spec);

    /// <summary>Inputs dropped by a spec because their bucket had already closed (counted once per spec).</summary>
    public long LateInputs => _lateInputs;

    /// <summary>How far past a time bar's end a timer must be to close it (UTC ns); ticks close bars at the end itself.</summary>
    public long Lateness => _lateness;

    /// <summary>
    /// Ticks and external candles that came after a timer had closed their candle (and before any later input opened
    /// the next bucket): the live clock's late events, counted once per event, whatever the number of series. They fold
    /// into no candle (closed candles are final); tick nodes still see such ticks. Also in <see cref="LateInputs"/>.
    /// </summary>
    public long ClockLateEvents => _clockLateEvents;

    /// <summary>Inputs a session-aligned time spec saw between a session close and the next open (once per spec).</summary>
    public long OutsideSessionInputs => _outsideSessionInputs;

    /// <summary>How many event times <see cref="OutsideSessionExamples"/> keeps.</summary>
    public const int OutsideSessionExampleCount = 3;

    /// <summary>
    /// Ticks and external candles that no session-aligned time series took because they fell between a session close
    /// and the next open (counted once per event, whatever the number of series; tick nodes still see such ticks).
    /// </summary>
    public long OutsideSessionEvents => _outsideSessionEvents;

    /// <summary>The event times (UTC ns) of the first <see cref="OutsideSessionExampleCount"/> events counted in <see cref="OutsideSessionEvents"/>.</summary>
    public ReadOnlySpan<long> OutsideSessionExamples =>
        _outsideSessionExamples.AsSpan(0, (int)Math.Min(_outsideSessionEvents, OutsideSessionExampleCount));

    /// <summary>Ticks dropped by the <see cref="TickFilter"/> (suspicious prints).</summary>
    public long FilteredTicks => _filteredTicks;

    /// <summary>External candles no spec folds: still forming (not Closed) or of a timeframe no spec reads.</summary>
    public long IgnoredExternalCandles => _ignoredExternal;

    /// <summary>True while <paramref name="spec"/> has a candle forming.</summary>
    public bool IsForming(int spec) => _states[spec].HasForming;

    /// <summary>The forming candle of <paramref name="spec"/>, updated in place by every input; meaningful while <see cref="IsForming"/>.</summary>
    public ref readonly Candle Forming(int spec) => ref _states[spec].Forming;

    /// <summary>The per-spec states (forming and last closed candles), read in place by compiled plans.</summary>
    internal BarState[] States => _states;

    /// <summary>True once <paramref name="spec"/> has closed a candle.</summary>
    public bool HasClosed(int spec) => _states[spec].HasClosed;

    /// <summary>The last final candle of <paramref name="spec"/> (synthetic ones included); meaningful once <see cref="HasClosed"/>.</summary>
    public ref readonly Candle LastClosed(int spec) => ref _states[spec].Closed;

    /// <summary>Dispatches one input-ring event: ticks, external candles and timers; quotes and gap events do not move candles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent<TSink>(in MarketEvent evt, ref TSink sink) where TSink : struct, ICandleSink
    {
        switch (evt.Kind)
        {
            case MarketEventKind.Tick:
                OnTick(in evt.Tick, ref sink);
                break;
            case MarketEventKind.Candle:
                OnCandle(in evt.Candle, ref sink);
                break;
            case MarketEventKind.Timer:
                OnTimer(evt.Timer.EventTime, ref sink);
                break;
        }
    }

    /// <summary>Folds one trade print into every tick-sourced spec.</summary>
    public void OnTick<TSink>(in Tick tick, ref TSink sink) where TSink : struct, ICandleSink
    {
        if (tick.PricePrecision != _pricePrecision || tick.SizePrecision != _sizePrecision)
            ThrowPrecisionMismatch(tick.PricePrecision, tick.SizePrecision);
        if ((tick.Flags & TickFlags.Suspicious) != 0 && _excludeSuspicious)
        {
            _filteredTicks++;
            return;
        }
        var priced = (tick.Conditions & _volumeOnlyConditions) == 0 || (tick.Conditions & _volumeOnlyExemptions) != 0;
        var t = tick.EventTime;
        var states = _states;
        var outside = _outsideSessionInputs;
        var clockLate = _clockLateSeen;
        for (var i = 0; i < states.Length; i++)
        {
            ref var s = ref states[i];
            switch (s.Kind)
            {
                case BarKind.Time:
                    if (s.External)
                        break;
                    if ((ulong)(t - s.Start) < (ulong)s.Length)
                    {
                        FoldTick(ref s, in tick, priced);
                        sink.OnCandleUpdated(i, in s.Forming);
                    }
                    else
                    {
                        RollTime(i, ref s, in tick, priced, ref sink);
                    }
                    break;
                case BarKind.TickCount:
                    OnTickCount(i, ref s, in tick, priced, ref sink);
                    break;
                case BarKind.Volume:
                    OnTickVolume(i, ref s, in tick, priced, ref sink);
                    break;
                default:
                    OnTickRange(i, ref s, in tick, priced, ref sink);
                    break;
            }
        }
        if (_outsideSessionInputs != outside)
            CountOutsideSession(t);
        if (_clockLateSeen != clockLate)
            _clockLateEvents++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountOutsideSession(long eventTime)
    {
        if (_outsideSessionEvents < OutsideSessionExampleCount)
            _outsideSessionExamples[_outsideSessionEvents] = eventTime;
        _outsideSessionEvents++;
    }

    /// <summary>
    /// Folds one external candle into every time spec that reads its timeframe. Only final candles count
    /// (<see cref="CandleFlags.Closed"/>): folding forming updates would count their volume twice. A bucket closes as
    /// soon as a candle reaching its end arrives, without waiting for the next one.
    /// </summary>
    public void OnCandle<TSink>(in Candle candle, ref TSink sink) where TSink : struct, ICandleSink
    {
        if ((candle.Flags & CandleFlags.Closed) == 0)
        {
            _ignoredExternal++;
            return;
        }
        if (candle.PricePrecision != _pricePrecision || candle.SizePrecision != _sizePrecision)
            ThrowPrecisionMismatch(candle.PricePrecision, candle.SizePrecision);
        var used = false;
        var states = _states;
        var outside = _outsideSessionInputs;
        var clockLate = _clockLateSeen;
        for (var i = 0; i < states.Length; i++)
        {
            ref var s = ref states[i];
            if (!s.External || s.ExternalSeconds != candle.Timeframe.Seconds)
                continue;
            used = true;
            var t = candle.OpenTime;
            if ((ulong)(t - s.Start) >= (ulong)s.Length && !RollExternal(i, ref s, t, candle.LastEventTime, ref sink))
                continue;
            FoldCandle(ref s, in candle);
            if (candle.CloseTime >= s.Start + s.Length)
                CloseForming(i, ref s, ref sink);
            else
                sink.OnCandleUpdated(i, in s.Forming);
        }
        if (!used)
            _ignoredExternal++;
        if (_outsideSessionInputs != outside)
            CountOutsideSession(candle.LastEventTime);
        if (_clockLateSeen != clockLate)
            _clockLateEvents++;
    }

    /// <summary>
    /// Event time has reached <paramref name="eventTime"/> (a journaled heartbeat or live-clock timer): closes every
    /// tick-sourced time bar whose end plus <see cref="Lateness"/> is at or before it, and emits the synthetic bars that
    /// have ended by then (end plus lateness) for specs that ask for them. Specs folded from external candles ignore
    /// timers (see <see cref="OnCandle{TSink}"/>).
    /// </summary>
    public void OnTimer<TSink>(long eventTime, ref TSink sink) where TSink : struct, ICandleSink
    {
        // the bars' clock: what the timer says minus the allowance for ticks still in flight
        var until = eventTime - _lateness;
        var states = _states;
        for (var i = 0; i < states.Length; i++)
        {
            ref var s = ref states[i];
            // external candles arrive after the minute they describe, typically just after a heartbeat for that instant:
            // a timer closing their bucket would make the last source candle late and drop it, so they close on their own clock
            if (s.Kind != BarKind.Time || s.External)
                continue;
            if (s.HasForming)
            {
                if (until < s.Start + s.Length)
                    continue;
                CloseForming(i, ref s, ref sink);
            }
            if (s.Synthetic && s.HasClosed)
                EmitSynthetic(i, ref s, until, eventTime, ref sink);
        }
    }

    /// <summary>
    /// A replay's input has ended: every forming candle closes as it stands, flagged <see cref="CandleFlags.Closed"/> |
    /// <see cref="CandleFlags.EndOfData"/>, with its bucket's close time (activity bars: their last print's time), so the
    /// last minute of a replay is emitted like every other. No synthetic bar is made (nothing has ended). Only
    /// <c>te replay</c> calls this, once, after its last event; warm-up and recovery replays never do, because the
    /// live engine they feed goes on with the candle forming.
    /// </summary>
    public void OnEndOfData<TSink>(ref TSink sink) where TSink : struct, ICandleSink
    {
        var states = _states;
        for (var i = 0; i < states.Length; i++)
        {
            ref var s = ref states[i];
            if (!s.HasForming)
                continue;
            s.Forming.Flags |= CandleFlags.EndOfData;
            CloseForming(i, ref s, ref sink);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FoldTick(ref BarState s, in Tick tick, bool priced) => FoldPrint(ref s, in tick, priced, tick.SizeRaw);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FoldPrint(ref BarState s, in Tick tick, bool priced, long size)
    {
        ref var c = ref s.Forming;
        var p = tick.PriceRaw;
        if (priced ? s.PriceSource == 2 : s.PriceSource == 1)
        {
            // Math.Max/Min compile to conditional moves: a new high or low is a coin flip the branch predictor loses
            c.HighRaw = Math.Max(c.HighRaw, p);
            c.LowRaw = Math.Min(c.LowRaw, p);
            c.CloseRaw = p;
        }
        else if (priced || s.PriceSource == 0)
        {
            // the first print, or the first regular print after volume-only ones, sets all four prices
            c.OpenRaw = c.HighRaw = c.LowRaw = c.CloseRaw = p;
            s.PriceSource = priced ? (byte)2 : (byte)1;
        }
        c.VolumeRaw += size;
        c.TickCount++;
        c.LastEventTime = tick.EventTime;
        c.ReceiveTime = tick.ReceiveTime;
    }

    private static void FoldCandle(ref BarState s, in Candle candle)
    {
        ref var c = ref s.Forming;
        if (s.PriceSource == 0)
        {
            c.OpenRaw = candle.OpenRaw;
            c.HighRaw = candle.HighRaw;
            c.LowRaw = candle.LowRaw;
            s.PriceSource = 2;
        }
        else
        {
            if (candle.HighRaw > c.HighRaw) c.HighRaw = candle.HighRaw;
            if (candle.LowRaw < c.LowRaw) c.LowRaw = candle.LowRaw;
        }
        c.CloseRaw = candle.CloseRaw;
        c.VolumeRaw += candle.VolumeRaw;
        c.TickCount += candle.TickCount;
        c.LastEventTime = candle.LastEventTime;
        c.ReceiveTime = candle.ReceiveTime;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RollTime<TSink>(int i, ref BarState s, in Tick tick, bool priced, ref TSink sink) where TSink : struct, ICandleSink
    {
        if (!Roll(i, ref s, tick.EventTime, tick.EventTime, ref sink))
            return;
        FoldTick(ref s, in tick, priced);
        sink.OnCandleUpdated(i, in s.Forming);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RollExternal<TSink>(int i, ref BarState s, long bucketTime, long eventTime, ref TSink sink) where TSink : struct, ICandleSink =>
        Roll(i, ref s, bucketTime, eventTime, ref sink);

    /// <summary>An input at <paramref name="t"/> missed the forming bucket: close it, fill gaps, open the input's bucket.</summary>
    private bool Roll<TSink>(int i, ref BarState s, long t, long eventTime, ref TSink sink) where TSink : struct, ICandleSink
    {
        if (s.HasForming)
        {
            if (t < s.Start)
            {
                _lateInputs++;
                return false;
            }
            CloseForming(i, ref s, ref sink);
        }
        else if (s.HasClosed && t < s.Closed.CloseTime)
        {
            // nothing forming after a close: a timer (or the end of data) closed this candle, no later input has come
            _lateInputs++;
            _clockLateSeen++;
            return false;
        }
        if (!BucketOf(ref s, t, out var start, out var end))
        {
            _outsideSessionInputs++;
            return false;
        }
        if (s.Synthetic && s.HasClosed)
            EmitSynthetic(i, ref s, start, eventTime, ref sink);
        OpenBucket(ref s, start, end);
        return true;
    }

    private void OpenBucket(ref BarState s, long start, long end)
    {
        s.Forming = NewCandle(in s, start, end);
        s.Start = start;
        s.Length = end - start;
        s.HasForming = true;
        s.PriceSource = 0;
    }

    private Candle NewCandle(in BarState s, long openTime, long closeTime) => new()
    {
        Symbol = _symbol,
        Timeframe = s.Kind == BarKind.Time ? new Timeframe((int)(s.Threshold / UtcNanos.PerSecond)) : default,
        PricePrecision = _pricePrecision,
        SizePrecision = _sizePrecision,
        Flags = s.External ? CandleFlags.External : CandleFlags.None,
        OpenTime = openTime,
        CloseTime = closeTime,
    };

    private static void CloseForming<TSink>(int i, ref BarState s, ref TSink sink) where TSink : struct, ICandleSink
    {
        s.Forming.Flags |= CandleFlags.Closed;
        s.Closed = s.Forming;
        s.HasClosed = true;
        s.HasForming = false;
        s.Start = 0;
        s.Length = 0;
        sink.OnCandleClosed(i, in s.Closed);
    }

    /// <summary>Synthetic bars for the empty buckets after the last closed one that end at or before <paramref name="until"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitSynthetic<TSink>(int i, ref BarState s, long until, long eventTime, ref TSink sink) where TSink : struct, ICandleSink
    {
        var from = s.Closed.CloseTime;
        while (NextBucket(ref s, from, out var start, out var end) && end <= until)
        {
            var price = s.Closed.CloseRaw;
            var c = NewCandle(in s, start, end);
            c.Flags |= CandleFlags.Closed | CandleFlags.Synthetic;
            c.OpenRaw = c.HighRaw = c.LowRaw = c.CloseRaw = price;
            c.LastEventTime = eventTime;
            s.Closed = c;
            sink.OnCandleClosed(i, in s.Closed);
            from = end;
        }
    }

    /// <summary>The bucket holding <paramref name="t"/>; false when a session calendar puts t between sessions.</summary>
    private bool BucketOf(ref BarState s, long t, out long start, out long end)
    {
        var length = s.Threshold;
        if (_calendar.IsUtc)
        {
            start = UtcNanos.FloorDiv(t - s.Origin, length) * length + s.Origin;
            end = start + length;
            return true;
        }
        MoveCursor(t);
        if (!_cursorInSession)
        {
            start = end = 0;
            return false;
        }
        start = _sessionOpen + (t - _sessionOpen) / length * length;
        end = Math.Min(start + length, _sessionClose);
        return true;
    }

    /// <summary>The first bucket that starts at or after <paramref name="t"/>, a bucket boundary.</summary>
    private bool NextBucket(ref BarState s, long t, out long start, out long end)
    {
        if (_calendar.IsUtc || (MoveCursor(t) && _cursorInSession))
            return BucketOf(ref s, t, out start, out end);
        start = _sessionOpen;
        end = Math.Min(start + s.Threshold, _sessionClose);
        return true;
    }

    private bool MoveCursor(long t)
    {
        if (t >= _cursorFrom && t < _cursorTo)
            return true;
        _calendar.Locate(t, out var open, out var close);
        _sessionOpen = open;
        _sessionClose = close;
        _cursorInSession = open <= t;
        _cursorFrom = _cursorInSession ? open : t;
        _cursorTo = _cursorInSession ? close : open;
        return true;
    }

    private BarState CreateState(BarSpec spec)
    {
        var s = new BarState { Kind = spec.Kind, Synthetic = spec.EmptyBars == EmptyBarPolicy.Synthetic };
        switch (spec.Kind)
        {
            case BarKind.Time:
                if (spec.Timeframe.IsNone)
                    ThrowHelper.ThrowArgument(nameof(spec), $"time bar spec '{spec}' has no timeframe");
                s.Threshold = spec.Timeframe.Nanos;
                s.Origin = spec.Timeframe.Seconds % (7 * 86_400) == 0 ? WeekOrigin : 0;
                s.External = spec.FromExternal;
                s.ExternalSeconds = spec.ExternalSource.Seconds;
                break;
            case BarKind.TickCount:
                if (spec.Threshold <= 0)
                    ThrowHelper.ThrowArgument(nameof(spec), $"tick-count spec '{spec}' needs a positive count");
                s.Threshold = spec.Threshold;
                break;
            case BarKind.Volume:
            case BarKind.Range:
                var precision = spec.Kind == BarKind.Volume ? _sizePrecision : _pricePrecision;
                if (!FixedPoint.TryRescale(spec.Threshold, spec.ThresholdPrecision, precision, out var raw) || raw <= 0)
                    ThrowHelper.ThrowArgument(nameof(spec), $"spec '{spec}' is not a positive multiple of 10^-{precision}, the instrument's precision");
                s.Threshold = raw;
                break;
            default:
                ThrowHelper.ThrowArgument(nameof(spec), $"unknown bar kind {spec.Kind}");
                break;
        }
        if (s.Synthetic && (spec.Kind != BarKind.Time))
            ThrowHelper.ThrowArgument(nameof(spec), $"spec '{spec}': synthetic empty bars exist only for time bars");
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowPrecisionMismatch(byte price, byte size)
    {
        if (price != _pricePrecision)
            ThrowHelper.ThrowPrecision("price", price, _pricePrecision);
        ThrowHelper.ThrowPrecision("size", size, _sizePrecision);
    }
}
