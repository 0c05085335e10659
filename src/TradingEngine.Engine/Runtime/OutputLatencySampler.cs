using System.Runtime.CompilerServices;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Tick → output latency of one executor, sampled on its thread into a preallocated buffer and read off it: for every
/// input event that made outputs, the time from the event's receive stamp (<see cref="Tick.ReceiveTime"/>, set by
/// ingestion from the same wall clock) to the end of its processing, when its last output is in the output rings, with
/// the number of outputs it made. The executor writes a slot and publishes it with one volatile store; a reader thread
/// (the metrics exporter) drains the slots into its histogram. Nothing is allocated after construction; a full buffer
/// (a reader that stopped) drops the sample and counts its outputs in <see cref="DroppedOutputs"/>, never waits.
/// Events without a receive stamp (live-clock timers, replayed journal events) have their outputs counted in
/// <see cref="UnmeasuredOutputs"/>. So: outputs recorded + <see cref="DroppedOutputs"/> + <see cref="UnmeasuredOutputs"/>
/// = every output the executor made while sampling.
/// </summary>
public sealed class OutputLatencySampler
{
    private readonly long[] _nanos;
    private readonly long[] _outputs;
    private readonly int _mask;
    private readonly Sequence _head = new(0); // next slot the executor writes (its cursor)
    private readonly Sequence _tail = new(0); // next slot the reader drains
    private readonly Sequence _dropped = new(0);
    private readonly Sequence _unmeasured = new(0);

    /// <summary>The default buffer: 64 Ki samples (1 MiB), several seconds of a busy executor between two drains.</summary>
    public const int DefaultCapacity = 1 << 16;

    /// <param name="capacity">Slots, a power of two.</param>
    public OutputLatencySampler(int capacity = DefaultCapacity)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the sample buffer's capacity must be a positive power of two");
        _nanos = new long[capacity];
        _outputs = new long[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _nanos.Length;

    /// <summary>Outputs of events whose sample found the buffer full (the reader fell behind).</summary>
    public long DroppedOutputs => _dropped.Value;

    /// <summary>Outputs of events that carry no receive stamp (timers, replayed events).</summary>
    public long UnmeasuredOutputs => _unmeasured.Value;

    /// <summary>Executor thread: <paramref name="evt"/> made <paramref name="outputs"/> outputs (&gt; 0), all in the rings now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(in MarketEvent evt, long outputs)
    {
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
        var head = _head.Value;
        if (head - _tail.Value > _mask)
        {
            _dropped.SetValue(_dropped.Value + outputs);
            return;
        }
        var slot = (int)head & _mask;
        _nanos[slot] = Math.Max(0, UtcNanos.Now() - received);
        _outputs[slot] = outputs;
        _head.SetValue(head + 1);
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
            var slot = (int)s & _mask;
            record.Record(_nanos[slot], _outputs[slot]);
        }
        _tail.SetValue(head);
        return (int)(head - tail);
    }
}
