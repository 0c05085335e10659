using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// A sink that passes every output to <typeparamref name="TSink"/> and counts them, so the executor's ring handler knows
/// how many outputs an event made (<see cref="OutputLatencySampler"/>). A struct: the calls stay direct.
/// </summary>
internal struct CountingOutputSink<TSink>(TSink inner) : IOutputSink
    where TSink : struct, IOutputSink
{
    private TSink _inner = inner;

    /// <summary>The wrapped sink, with whatever state the outputs left in it.</summary>
    public readonly TSink Inner => _inner;

    /// <summary>Outputs passed on so far.</summary>
    public long Outputs { readonly get; private set; }

    public void OnNodeOutput(in NodeOutput output)
    {
        Outputs++;
        _inner.OnNodeOutput(in output);
    }

    public void OnMessage(in OutputMessage message)
    {
        Outputs++;
        _inner.OnMessage(in message);
    }

    public void OnCandleClosed(in Candle candle, long sourceSequence)
    {
        Outputs++;
        _inner.OnCandleClosed(in candle, sourceSequence);
    }

    public void OnEndOfBatch() => _inner.OnEndOfBatch();
}
