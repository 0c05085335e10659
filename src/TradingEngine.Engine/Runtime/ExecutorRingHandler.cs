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
    private TSink _sink;

    /// <summary>Runs <paramref name="executor"/> over <paramref name="ring"/>, writing to <paramref name="sink"/>.</summary>
    public ExecutorRingHandler(SymbolExecutor executor, RingBuffer<MarketEvent> ring, TSink sink)
    {
        _executor = executor;
        _ring = ring;
        _sink = sink;
    }

    /// <summary>The sink (its state, e.g. counts of a test sink).</summary>
    public readonly TSink Sink => _sink;

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
        _executor.OnEvent(in evt, ref _sink);
        if (endOfBatch)
        {
            _sink.OnEndOfBatch();
            var counters = _executor.Counters;
            counters.BatchesField++;
            counters.RingOccupancyField = _ring.Cursor.Value - sequence;
        }
    }

    /// <inheritdoc/>
    public void OnTimeout(long sequence) => _sink.OnEndOfBatch();

    /// <inheritdoc/>
    public void OnShutdown() => _sink.OnEndOfBatch();
}
