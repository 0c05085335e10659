using System.Diagnostics;
using TradingEngine.Ring;

namespace TradingEngine.Journal;

/// <summary>
/// Durations the journaler thread measures (one frame's compress and write, one fsync), kept in a preallocated buffer
/// for a reader off that thread (the metrics collector drains them into an HdrHistogram and Prometheus buckets). The
/// journaler pays one store and one release store per frame; it never waits and allocates nothing: a full buffer (a
/// reader that stopped) drops the sample and counts it in <see cref="Dropped"/>. So samples drained +
/// <see cref="Dropped"/> = every duration recorded. Single writer, single reader.
/// </summary>
public sealed class JournalLatencySamples
{
    /// <summary>16 Ki samples (128 KiB): a minute of frames at 250 per second between two drains of the collector (every 250 ms).</summary>
    public const int DefaultCapacity = 1 << 14;

    private readonly long[] _ticks;
    private readonly int _mask;
    private readonly Sequence _head = new(0); // next slot the journaler writes
    private readonly Sequence _tail = new(0); // next slot the reader drains
    private readonly Sequence _dropped = new(0);

    /// <param name="capacity">Slots, a power of two.</param>
    public JournalLatencySamples(int capacity = DefaultCapacity)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the sample buffer's capacity must be a positive power of two");
        _ticks = new long[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _ticks.Length;

    /// <summary>Samples that found the buffer full (not in any drain).</summary>
    public long Dropped => _dropped.Value;

    /// <summary>Journaler thread: one duration, <see cref="Stopwatch"/> ticks.</summary>
    internal void Record(long stopwatchTicks)
    {
        var head = _head.Value;
        if (head - _tail.Value > _mask)
        {
            _dropped.SetValue(_dropped.Value + 1);
            return;
        }
        _ticks[(int)head & _mask] = stopwatchTicks;
        _head.SetValue(head + 1);
    }

    /// <summary>
    /// Reader thread (one at a time): copies up to <paramref name="nanos"/>' length of the samples written since the last
    /// drain into it, as nanoseconds, frees their slots and returns how many it copied (call again while it fills the span).
    /// </summary>
    public int Drain(Span<long> nanos)
    {
        var tail = _tail.Value;
        var n = (int)Math.Min(_head.Value - tail, nanos.Length);
        for (var i = 0; i < n; i++)
            nanos[i] = (long)(_ticks[(int)(tail + i) & _mask] * (1e9 / Stopwatch.Frequency));
        _tail.SetValue(tail + n);
        return n;
    }
}
