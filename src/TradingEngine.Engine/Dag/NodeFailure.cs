using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>A node threw while evaluating an event: reported, counted, and the run went on.</summary>
/// <param name="NodeId">The node that threw.</param>
/// <param name="Step">Its step index.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="EventKind">Kind of the triggering event.</param>
/// <param name="EventTime">Event time of the triggering event.</param>
/// <param name="SourceSequence">Source sequence of the triggering event.</param>
/// <param name="Error">What it threw.</param>
public sealed record NodeFailure(string NodeId, int Step, SymbolId Symbol, MarketEventKind EventKind, long EventTime, long SourceSequence, Exception Error)
{
    /// <summary>One log line.</summary>
    public override string ToString() =>
        $"node '{NodeId}' failed on {EventKind} event seq {SourceSequence} at {UtcNanos.ToIso8601(EventTime)} for {Symbol}: {Error.GetType().Name}: {Error.Message}";
}
