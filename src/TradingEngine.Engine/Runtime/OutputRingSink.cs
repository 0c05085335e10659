using TradingEngine.Engine.Dag;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Publishes what a pipeline produces to the output ring: typed messages nodes emit, numeric node outputs
/// (<see cref="NodeOutput"/>, as <see cref="NodeValue"/> slots) and closed candles. Claims block when the ring is full
/// (publishers are behind); the ring counts those waits (<see cref="RingBuffer{T}.ProducerWaitCount"/>), so
/// back-pressure is visible, never silent loss.
/// </summary>
public struct OutputRingSink : IOutputSink
{
    private readonly RingBuffer<OutputMessage> _ring;

    /// <summary>Publishes to <paramref name="ring"/>.</summary>
    public OutputRingSink(RingBuffer<OutputMessage> ring) => _ring = ring;

    /// <summary>Numeric node outputs published (as <see cref="NodeValue"/>).</summary>
    public long NumericOutputs { get; private set; }

    /// <inheritdoc/>
    public void OnNodeOutput(in NodeOutput output)
    {
        NumericOutputs++;
        var sequence = _ring.Next();
        output.WriteNodeValue(ref _ring[sequence]);
        _ring.Publish(sequence);
    }

    /// <inheritdoc/>
    public readonly void OnMessage(in OutputMessage message)
    {
        var sequence = _ring.Next();
        _ring[sequence] = message;
        _ring.Publish(sequence);
    }

    /// <inheritdoc/>
    public readonly void OnCandleClosed(in Candle candle, long sourceSequence)
    {
        var sequence = _ring.Next();
        WriteCandle(ref _ring[sequence], in candle, sourceSequence);
        _ring.Publish(sequence);
    }

    /// <summary>The output message of a closed candle (node id −1: the candle aggregator).</summary>
    public static void WriteCandle(ref OutputMessage slot, in Candle candle, long sourceSequence)
    {
        slot = default;
        slot.Kind = MessageType.Candle;
        slot.NodeId = -1;
        slot.SourceSequence = sourceSequence;
        slot.Candle = candle;
    }

    /// <inheritdoc/>
    public readonly void OnEndOfBatch()
    {
    }
}
