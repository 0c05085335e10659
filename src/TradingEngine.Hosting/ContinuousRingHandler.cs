using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal.Continuous;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>
/// The executor's ring consumer of <c>te run --continuous ROOT</c> (docs/rolls.md "Live runs"): the ring holds the
/// contracts' events as they came (the journaler beside it journals them so), and each goes through the
/// <see cref="LiveContinuousSeries"/> before the executor sees it: renamed to the root on its front, a roll event before
/// the new front's first event, every other event counted by reason. A replay of the journal with
/// <c>--continuous ROOT --adjust none</c> feeds the executor the same series.
/// </summary>
internal struct ContinuousRingHandler<TSink> : IEventHandler<MarketEvent>
    where TSink : struct, IOutputSink
{
    private readonly LiveContinuousSeries _series;
    private ExecutorRingHandler<TSink> _executor;
    public ContinuousRingHandler(LiveContinuousSeries series, ExecutorRingHandler<TSink> executor)
    {
        _series = series;
        _executor = executor;
    }

    /// <inheritdoc/>
    public readonly void OnStart() => _executor.OnStart();

    /// <inheritdoc/>
    public readonly void OnBatchStart(long batchSize) => _executor.OnBatchStart(batchSize);

    /// <inheritdoc/>
    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        _series.Add(in evt);
        var any = false;
        while (_series.TryNext(out var next))
        {
            // the roll event comes before the event itself: only the last of an input event's series events ends the batch
            if (any)
                _executor.OnEvent(ref _held, sequence, false);
            _held = next;
            any = true;
        }
        if (any)
            _executor.OnEvent(ref _held, sequence, endOfBatch);
        else if (endOfBatch)
            _executor.OnTimeout(sequence); // an event left out of the series still ends the batch: flush what it holds
    }

    private MarketEvent _held;

    /// <inheritdoc/>
    public void OnTimeout(long sequence) => _executor.OnTimeout(sequence);

    /// <inheritdoc/>
    public void OnShutdown() => _executor.OnShutdown();
}
