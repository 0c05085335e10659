using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// The output-ring consumer that feeds an <see cref="OutputPublisher"/>: a struct, so the batch processor calls it
/// without virtual dispatch. Add it to the output ring's pipeline after the executor.
/// </summary>
public struct NatsOutputHandler : IEventHandler<OutputMessage>
{
    private readonly OutputPublisher _publisher;

    public NatsOutputHandler(OutputPublisher publisher) => _publisher = publisher;

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch)
    {
        _publisher.Publish(in evt);
        if (endOfBatch)
            _publisher.EndBatch();
    }

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnShutdown()
    {
    }
}
