using TradingEngine.Engine.Dag;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// The ring consumer of a <see cref="SymbolExecutor"/>: plug it into a
/// <see cref="BatchEventProcessor{T, THandler}"/> (or <see cref="RingPipeline{T}.Add{THandler}(THandler, ProcessorOptions?)"/>)
/// of the symbols' input ring. A struct, so the processor's loop calls it directly.
/// </summary>
public struct ExecutorRingHandler<TSink> : IEventHandler<MarketEvent>
    where TSink : struct, IOutputSink
{
    private readonly SymbolExecutor _executor;
    private readonly RingBuffer<MarketEvent> _ring;
    private CountingOutputSink<TSink> _sink; // a field, never copied per event; its count is the executor's exact outputs
    private Sequence? _durable;
    private readonly OutputLatencySampler? _latency;

    /// <summary>Runs <paramref name="executor"/> over <paramref name="ring"/>, writing to <paramref name="sink"/>.</summary>
    public ExecutorRingHandler(SymbolExecutor executor, RingBuffer<MarketEvent> ring, TSink sink)
    {
        _executor = executor;
        _ring = ring;
        _sink = new CountingOutputSink<TSink>(sink);
        _latency = executor.OutputLatency;
    }

    /// <summary>
    /// The journal's durable input-ring sequence (<c>JournalWriter.DurableRingSequence</c>): a live-clock timer runs only
    /// once the journal holds it durably. A message from the stream that dies with the process before it is journaled
    /// comes again after a restart, with the same outputs; a timer would not, so its outputs (a candle the clock closed)
    /// must never be published before it is in the journal that the recovery replays. A timer a second per symbol waits
    /// at most one journal sync; ticks never wait. Null: no gate (tests, replay).
    /// </summary>
    public Sequence? DurableGate { readonly get => _durable; init => _durable = value; }

    /// <summary>The sink (its state, e.g. counts of a test sink).</summary>
    public readonly TSink Sink => _sink.Inner;

    /// <inheritdoc/>
    public readonly void OnStart()
    {
    }

    /// <inheritdoc/>
    public readonly void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc/>
    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        if (evt.Kind == MarketEventKind.Timer && _durable is { } durable && durable.Value < sequence)
            WaitUntilJournaled(durable, sequence);
        if (_latency is { } latency && latency.Samples(sequence))
            OnSampledEvent(in evt, latency);
        else
            _executor.OnEvent(in evt, ref _sink);
        if (endOfBatch)
        {
            _sink.OnEndOfBatch();
            _latency?.Flush(_sink.Outputs); // the batch's outputs are visible now: one clock read for its sampled events
            var counters = _executor.Counters;
            counters.BatchesField++;
            counters.RingOccupancyField = _ring.Cursor.Value - sequence;
        }
    }

    // metrics on (SymbolExecutor.OutputLatency), one event in OutputLatencySampler.SampleEvery: its latency when it made outputs
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void OnSampledEvent(in MarketEvent evt, OutputLatencySampler latency)
    {
        var before = _sink.Outputs;
        _executor.OnEvent(in evt, ref _sink);
        if (_sink.Outputs != before)
            latency.Record(in evt, _sink.Outputs - before);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void WaitUntilJournaled(Sequence durable, long sequence)
    {
        // what this batch has published so far goes out while we wait
        _sink.OnEndOfBatch();
        var spin = new SpinWait();
        while (durable.Value < sequence)
            spin.SpinOnce(sleep1Threshold: 30);
    }

    /// <inheritdoc/>
    public void OnTimeout(long sequence) => _sink.OnEndOfBatch();

    /// <inheritdoc/>
    public void OnShutdown() => _sink.OnEndOfBatch();
}
