using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Numbers the outputs of each source event: the first output a symbol's event produces is 0, the next 1, and so on
/// (a new source sequence starts again at 0). Outputs are deterministic, so the live run, a recovery's replay and
/// <c>te replay</c> number them alike: (symbol, <c>metadata.source_sequence</c>, <c>metadata.output_index</c>) is an
/// output's stable id, which consumers dedupe on (docs/nats.md). Outputs of one symbol must come in the order the
/// executor produced them. One per publishing thread; allocates only when a higher symbol id appears.
/// </summary>
internal sealed class OutputIndexer
{
    private long[] _sequence = new long[16];
    private int[] _next = new int[16];

    /// <summary>The index of <paramref name="m"/> among its source event's outputs.</summary>
    public int Next(in OutputMessage m)
    {
        var s = m.Symbol.Value;
        if ((uint)s >= (uint)_sequence.Length)
            Grow(s);
        if (_sequence[s] != m.SourceSequence)
        {
            _sequence[s] = m.SourceSequence;
            _next[s] = 0;
        }
        return _next[s]++;
    }

    private void Grow(int symbol)
    {
        var size = Math.Max(symbol + 1, _sequence.Length * 2);
        Array.Resize(ref _sequence, size);
        Array.Resize(ref _next, size);
    }
}
