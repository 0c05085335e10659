using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>Keeps every typed message a pipeline emits (allocates: not for the zero-allocation test).</summary>
internal readonly struct MessageCollector(List<OutputMessage> messages) : IOutputSink
{
    public List<OutputMessage> Messages { get; } = messages;

    public void OnNodeOutput(in NodeOutput output)
    {
    }

    public void OnMessage(in OutputMessage message) => Messages.Add(message);

    public void OnCandleClosed(in Candle candle, long sourceSequence)
    {
    }

    public void OnEndOfBatch()
    {
    }
}
