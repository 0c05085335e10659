using TradingEngine.Journal;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>What an <see cref="IInputSource"/> publishes into: the engine's input rings, one per executor, and their journals.</summary>
public sealed class InputRings
{
    private readonly IReadOnlyList<RingPipeline<MarketEvent>> _pipelines;

    internal InputRings(RingRoutes<MarketEvent> routes, IReadOnlyList<RingPipeline<MarketEvent>> pipelines, IReadOnlyList<JournalWriter> journals,
        IReadOnlyList<long> lastSourceSequences, SymbolRegistry symbols)
    {
        Routes = routes;
        _pipelines = pipelines;
        Journals = journals;
        LastSourceSequences = lastSourceSequences;
        Symbols = symbols;
    }

    /// <summary>Symbol → ring (the table built from the engine config).</summary>
    public RingRoutes<MarketEvent> Routes { get; }

    /// <summary>Each ring's journal, in ring order: its durable ring sequence says what of the ring is on disk.</summary>
    public IReadOnlyList<JournalWriter> Journals { get; }

    /// <summary>Each ring's journal's highest source sequence at start (JetStream: where that ring resumes).</summary>
    public IReadOnlyList<long> LastSourceSequences { get; }

    public SymbolRegistry Symbols { get; }

    /// <summary>Waits until every ring's consumers have handled everything published so far; false on timeout.</summary>
    public bool WaitUntilDrained(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var drained = true;
        foreach (var p in _pipelines)
            drained &= p.WaitUntilDrained(Max(deadline - DateTime.UtcNow));
        return drained;
    }

    private static TimeSpan Max(TimeSpan left) => left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
}
