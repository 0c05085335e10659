using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// The live engine's clock: every <see cref="Interval"/> of wall clock it writes one timer event per owned symbol into
/// the input ring of the symbol's executor, stamped with the wall-clock time (UTC ns) at injection (event and receive
/// time alike). The journaler records the timers like every input, so a replay or recovery sees each one at the same
/// place: candles a quiet market leaves open close live (<see cref="Aggregation.CandleAggregator.OnTimer{TSink}"/>)
/// and <c>clock</c> nodes fire, and replay gives the same outputs. Engine logic still reads no wall clock: only this
/// thread does, and what it read is an input.
/// <para>
/// Rounds are aligned to the wall clock at <c>k × interval + phase</c>, the phase being the pipelines' largest
/// <c>candle_lateness</c> (modulo the interval): a 1m candle then closes on the first round at or after its end plus
/// the lateness, not up to an interval later. A round that finds a ring full skips that executor's timers (counted in
/// <see cref="Skipped"/>): a busy executor gets the next round's, nothing waits on it. One claim and one publish per
/// executor per round; nothing is allocated per round (<see cref="SteadyAllocatedBytes"/>).
/// </para>
/// </summary>
public sealed class LiveClock : IDisposable
{
    /// <summary>The default interval between rounds: 1 s of wall clock.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <summary>The clock thread's name.</summary>
    public const string ThreadName = "clock";

    private readonly (RingBuffer<MarketEvent> Ring, SymbolId[] Symbols)[] _targets;
    private readonly long _interval;
    private readonly long _phase;
    private readonly TimeProvider _time;
    private readonly ManualResetEventSlim _stop = new();
    private WaitHandle? _wake; // _stop's kernel event, created by Start on the caller's thread
    private Thread? _thread;
    private long _rounds;
    private long _injected;
    private long _skipped;
    private long _steadyAllocated;

    /// <param name="targets">One entry per executor: its input ring and the symbols it owns (each gets a timer per round).</param>
    /// <param name="interval">Wall-clock time between rounds (positive).</param>
    /// <param name="phase">Offset of the rounds from whole multiples of the interval (0 ≤ phase).</param>
    /// <param name="time">The wall clock (<see cref="TimeProvider.System"/> when null).</param>
    public LiveClock(IEnumerable<(RingBuffer<MarketEvent> Ring, IReadOnlyList<SymbolId> Symbols)> targets, TimeSpan interval, TimeSpan phase = default, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (interval < TimeSpan.FromMilliseconds(1))
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "the clock interval must be at least 1 ms (or no clock at all)");
        if (phase < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(phase), phase, "the clock phase must be 0 or more");
        _targets = targets.Select(t => (t.Ring, t.Symbols.ToArray())).Where(t => t.Item2.Length > 0).ToArray();
        _interval = interval.Ticks * 100;
        _phase = phase.Ticks * 100 % _interval;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// A clock for <paramref name="executors"/> sharing one input ring (every symbol a timer per round), in phase with
    /// the largest <c>candle_lateness</c> of their pipelines.
    /// </summary>
    public static LiveClock For(RingBuffer<MarketEvent> ring, IEnumerable<SymbolExecutor> executors, TimeSpan interval, TimeProvider? time = null) =>
        For(executors.Select(e => (ring, e)), interval, time);

    /// <summary>
    /// A clock for executors each with its own input ring (the engine host's layout): each executor's symbols get their
    /// timers in its ring, in phase with the largest <c>candle_lateness</c> of all their pipelines.
    /// </summary>
    public static LiveClock For(IEnumerable<(RingBuffer<MarketEvent> Ring, SymbolExecutor Executor)> executors, TimeSpan interval, TimeProvider? time = null)
    {
        var list = executors.ToList();
        var lateness = list.SelectMany(e => e.Executor.Pipelines).Select(p => p.Aggregator.Lateness).DefaultIfEmpty(0).Max();
        return new LiveClock(list.Select(e => (e.Ring, (IReadOnlyList<SymbolId>)e.Executor.Pipelines.Select(p => p.Symbol).ToArray())),
            interval, TimeSpan.FromTicks(lateness / 100), time);
    }

    /// <summary>Wall-clock time between rounds.</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(_interval / 100);

    /// <summary>Rounds done.</summary>
    public long Rounds => Volatile.Read(ref _rounds);

    /// <summary>Timer events written into the rings.</summary>
    public long Injected => Volatile.Read(ref _injected);

    /// <summary>Timer events not written because their executor's ring was full (that executor is behind; the next round brings the time).</summary>
    public long Skipped => Volatile.Read(ref _skipped);

    /// <summary>Bytes the clock thread allocated after its first round (0 in steady state; tests assert it).</summary>
    public long SteadyAllocatedBytes => Volatile.Read(ref _steadyAllocated);

    /// <summary>Starts the clock thread; the first round is the next aligned instant.</summary>
    public void Start()
    {
        if (_thread is not null)
            throw new InvalidOperationException("the live clock is already started");
        _wake = _stop.WaitHandle;
        _thread = new Thread(Run) { IsBackground = true, Name = ThreadName };
        _thread.Start();
    }

    /// <summary>The first aligned instant after <paramref name="now"/> (UTC ns).</summary>
    public long NextRound(long now) => UtcNanos.FloorDiv(now - _phase, _interval) * _interval + _phase + _interval;

    private void Run()
    {
        long allocatedBase = -1;
        var next = NextRound(Now());
        while (!_stop.IsSet)
        {
            var wait = next - Now();
            if (wait > 0)
            {
                // whole milliseconds, rounded up: the round never starts before its instant
                // on the kernel event Start created: ManualResetEventSlim.Wait would create its lock object (24 B) on the
                // clock thread at its first blocking wait, which a thread started after its first instant counted as steady
                _wake!.WaitOne((int)Math.Min(int.MaxValue, (wait + UtcNanos.PerMillisecond - 1) / UtcNanos.PerMillisecond));
                continue;
            }
            Round(Now());
            Volatile.Write(ref _rounds, _rounds + 1);
            next = NextRound(Now());
            if (allocatedBase < 0)
                allocatedBase = GC.GetAllocatedBytesForCurrentThread();
            else
                Volatile.Write(ref _steadyAllocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBase);
        }
    }

    private void Round(long now)
    {
        foreach (var (ring, symbols) in _targets)
        {
            var n = symbols.Length;
            if (!ring.TryNext(n, out var hi))
            {
                Volatile.Write(ref _skipped, _skipped + n);
                continue;
            }
            var lo = hi - n + 1;
            for (var i = 0; i < n; i++)
            {
                ref var slot = ref ring[lo + i];
                slot = MarketEvent.FromTimer(symbols[i], now);
                slot.Timer.ReceiveTime = now;
            }
            ring.Publish(lo, hi);
            Volatile.Write(ref _injected, _injected + n);
        }
    }

    private long Now() => UtcNanos.FromDateTimeOffset(_time.GetUtcNow());

    /// <summary>Stops the clock thread (after its current round); no timer is written after this returns.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stop.Set();
        _thread?.Join();
        _stop.Dispose();
    }

    private int _disposed;
}
