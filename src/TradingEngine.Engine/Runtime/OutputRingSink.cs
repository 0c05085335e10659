using TradingEngine.Engine.Dag;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Publishes what a pipeline produces to the output ring: typed messages nodes emit and closed
/// candles. Claims block when the ring is full (publishers are behind); the ring counts those waits
/// (<see cref="RingBuffer{T}.ProducerWaitCount"/>), so back-pressure is visible, never silent loss.
/// Numeric board outputs (<see cref="NodeOutput"/>) have no catalog message type yet: they are counted
/// in <see cref="NumericOutputs"/> and left on the board.
/// </summary>
public struct OutputRingSink : IOutputSink
{
    private readonly RingBuffer<OutputMessage> _ring;

    /// <summary>Publishes to <paramref name="ring"/>.</summary>
    public OutputRingSink(RingBuffer<OutputMessage> ring) => _ring = ring;

    /// <summary>Numeric outputs seen (not carried by the ring yet).</summary>
    public long NumericOutputs { get; private set; }

    /// <inheritdoc/>
    public void OnNodeOutput(in NodeOutput output) => NumericOutputs++;

    /// <inheritdoc/>
    public readonly void OnMessage(in OutputMessage message)
    {
        var sequence = _ring.Next();
        _ring[sequence] = message;
        _ring.Publish(sequence);
    }

    /// <inheritdoc/>
    public readonly void OnCandleClosed(in Candle candle)
    {
        var sequence = _ring.Next();
        ref var slot = ref _ring[sequence];
        slot = default;
        slot.Kind = MessageType.Candle;
        slot.NodeId = -1;
        slot.Candle = candle;
        _ring.Publish(sequence);
    }

    /// <inheritdoc/>
    public readonly void OnEndOfBatch()
    {
    }
}
