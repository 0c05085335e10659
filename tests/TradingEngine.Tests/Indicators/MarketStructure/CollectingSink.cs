using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>Keeps every catalog message a pipeline emits, in order (tests only: it allocates).</summary>
internal struct CollectingSink : IOutputSink
{
    public List<OutputMessage> Messages;

    public static CollectingSink Create() => new() { Messages = [] };

    public readonly void OnNodeOutput(in NodeOutput output)
    {
    }

    public readonly void OnMessage(in OutputMessage message) => Messages.Add(message);

    public readonly void OnCandleClosed(in Candle candle, long sourceSequence)
    {
    }

    public readonly void OnEndOfBatch()
    {
    }
}
