using System.Runtime.CompilerServices;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Tick → output latency of one executor, sampled on its thread into a preallocated buffer and read off it: for one
/// input event in <see cref="SampleEvery"/> (those whose input-ring sequence is a multiple of it) that made outputs, the
/// time from the event's receive stamp (<see cref="Tick.ReceiveTime"/>, set by ingestion from the same wall clock) to the
/// moment its outputs are visible in the output rings, with the number of outputs it made. The executor's ring handler
/// publishes its outputs at the end of each batch, so that is when the clock is read: <see cref="Record"/> only notes the
/// event's stamp and outputs (two stores), and <see cref="Flush"/>, called at the end of the batch and whenever
/// <see cref="PendingLimit"/> events wait, reads the clock once for all of them and publishes their slots with one
/// volatile store. A clock read per event cost about a fifth of the executor handler's time, and noting every event a
/// few per cent more (docs/observability.md). A reader thread (the metrics exporter) drains the slots into its
/// histogram. Nothing is allocated after construction; a full buffer (a reader that stopped) drops the sample and counts
/// its outputs in <see cref="DroppedOutputs"/>, never waits. Sampled events without a receive stamp (live-clock timers,
/// replayed journal events) have their outputs counted in <see cref="UnmeasuredOutputs"/>, and the outputs of the events
/// not sampled in <see cref="UnsampledOutputs"/>. So, after a flush: outputs recorded + <see cref="DroppedOutputs"/> +
/// <see cref="UnmeasuredOutputs"/> + <see cref="UnsampledOutputs"/> = <see cref="Outputs"/>, every output the executor
/// made while sampling (counted exactly by the ring handler, every event).
/// <para>A sample is one 8-byte slot (latency in the low <see cref="LatencyBits"/> bits, outputs above them), so a
/// batch's samples are written into one stream of cache lines, half as many as two arrays of latency and outputs
/// took: the buffer is what the executor's cache shares with the sampling.</para>
/// <para>Every counter is a plain <c>long</c> written by the executor thread alone (a volatile store through
/// <see cref="Sequence"/>, no interlocked operation) and read by the exporter: a 64-bit read is never torn on x64 or
/// arm64, so a reader sees each counter's last published value, the counters among themselves up to one batch apart.</para>
/// </summary>
public sealed class OutputLatencySampler
{
    /// <summary>Bits of a slot that hold the latency (ns): up to 2^40 ns, 18 minutes; a longer one is recorded as that.</summary>
    public const int LatencyBits = 40;

    /// <summary>The most outputs one slot carries (2^23 − 1; the sign bit stays clear); an event that made more writes several slots.</summary>
    public const long MaxOutputsPerSlot = (1L << (64 - LatencyBits - 1)) - 1;

    private const long LatencyMask = (1L << LatencyBits) - 1;

    private readonly long[] _slots;
    private readonly int _mask;
    private readonly Sequence _head = new(0); // next slot the executor writes (its cursor)
    private readonly Sequence _tail = new(0); // next slot the reader drains
    private readonly Sequence _dropped = new(0);
    private readonly Sequence _unmeasured = new(0);
    private readonly Sequence _unsampled = new(0);
    private readonly Sequence _outputs = new(0);
    private readonly long _sampleMask;
    private long _sampledOutputs; // executor thread only: outputs of the events Record was given
    private readonly long[] _pendingReceived = new long[PendingLimit];
    private readonly long[] _pendingOutputs = new long[PendingLimit];
    private int _pending;

    /// <summary>Most events noted before the clock is read for them even within one batch (a bound on the error: their processing time).</summary>
    public const int PendingLimit = 32;

    /// <summary>The default buffer: 64 Ki samples (1 MiB), several seconds of a busy executor between two drains.</summary>
    public const int DefaultCapacity = 1 << 16;

    /// <summary>
    /// The default sampling: one event in 16. Noting every event cost 2–5 % of the bare executor handler's time
    /// (docs/observability.md); one in 16 still gives a busy executor thousands of samples a second, and an idle one a
    /// sample every 16 events.
    /// </summary>
    public const int DefaultSampleEvery = 16;

    /// <param name="capacity">Slots, a power of two.</param>
    /// <param name="sampleEvery">One event in this many is sampled (a power of two; 1: every event).</param>
    public OutputLatencySampler(int capacity = DefaultCapacity, int sampleEvery = DefaultSampleEvery)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the sample buffer's capacity must be a positive power of two");
        if (sampleEvery <= 0 || (sampleEvery & (sampleEvery - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(sampleEvery), sampleEvery, "the latency sampling interval (events) must be a positive power of two: 1, 2, 4, 8, 16, …");
        _slots = new long[capacity];
        _mask = capacity - 1;
        _sampleMask = sampleEvery - 1;
    }

    public int Capacity => _slots.Length;

    /// <summary>One event in this many is sampled: those whose input-ring sequence is a multiple of it.</summary>
    public int SampleEvery => (int)_sampleMask + 1;

    /// <summary>Executor thread: whether the event at input-ring <paramref name="sequence"/> is sampled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Samples(long sequence) => (sequence & _sampleMask) == 0;

    /// <summary>Every output the executor made, sampled or not, as of its last end of batch (<see cref="Flush"/>).</summary>
    public long Outputs => _outputs.Value;

    /// <summary>Outputs of the events not sampled (<see cref="SampleEvery"/>): not in the histogram.</summary>
    public long UnsampledOutputs => _unsampled.Value;

    /// <summary>Outputs of events whose sample found the buffer full (the reader fell behind).</summary>
    public long DroppedOutputs => _dropped.Value;

    /// <summary>Outputs of events that carry no receive stamp (timers, replayed events).</summary>
    public long UnmeasuredOutputs => _unmeasured.Value;

    /// <summary>
    /// Executor thread: <paramref name="evt"/>, a sampled event (<see cref="Samples"/>), made <paramref name="outputs"/>
    /// outputs (&gt; 0). Noted only; its sample is written by the next <see cref="Flush"/>, or by this call when
    /// <see cref="PendingLimit"/> events wait.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(in MarketEvent evt, long outputs)
    {
        _sampledOutputs += outputs;
        var received = evt.Kind switch
        {
            MarketEventKind.Tick => evt.Tick.ReceiveTime,
            MarketEventKind.Quote => evt.Quote.ReceiveTime,
            MarketEventKind.Candle => evt.Candle.ReceiveTime,
            MarketEventKind.Gap => evt.Gap.ReceiveTime,
            _ => 0,
        };
        if (received <= 0)
        {
            _unmeasured.SetValue(_unmeasured.Value + outputs);
            return;
        }
        var pending = _pending;
        _pendingReceived[pending] = received;
        _pendingOutputs[pending] = outputs;
        _pending = pending + 1;
        if (pending + 1 == PendingLimit)
            FlushPending();
    }

    /// <summary>
    /// Executor thread, when its outputs are published (end of batch): one clock read for every noted event, whose samples
    /// become readable; <paramref name="outputs"/> is every output the executor has made so far (<see cref="Outputs"/>).
    /// </summary>
    public void Flush(long outputs)
    {
        FlushPending();
        _unsampled.SetValue(outputs - _sampledOutputs);
        _outputs.SetValue(outputs);
    }

    private void FlushPending()
    {
        var pending = _pending;
        if (pending == 0)
            return;
        _pending = 0;
        var now = UtcNanos.Now();
        var head = _head.Value;
        var tail = _tail.Value;
        var dropped = 0L;
        var slots = _slots;
        for (var i = 0; i < pending; i++)
        {
            var latency = Math.Clamp(now - _pendingReceived[i], 0, LatencyMask);
            var outputs = _pendingOutputs[i];
            while (outputs > 0)
            {
                var part = Math.Min(outputs, MaxOutputsPerSlot);
                outputs -= part;
                if (head - tail > _mask)
                {
                    dropped += part;
                    continue;
                }
                slots[(int)head & _mask] = (part << LatencyBits) | latency;
                head++;
            }
        }
        if (dropped != 0)
            _dropped.SetValue(_dropped.Value + dropped);
        _head.SetValue(head);
    }

    /// <summary>
    /// Reader thread (one at a time): hands every sample written since the last drain to <paramref name="record"/>
    /// (latency in nanoseconds, outputs it covers) and frees its slot; returns how many samples it read.
    /// </summary>
    public int Drain<TRecorder>(ref TRecorder record) where TRecorder : struct, ILatencyRecorder
    {
        var tail = _tail.Value;
        var head = _head.Value;
        for (var s = tail; s < head; s++)
        {
            var slot = _slots[(int)s & _mask];
            record.Record(slot & LatencyMask, slot >>> LatencyBits);
        }
        _tail.SetValue(head);
        return (int)(head - tail);
    }
}
