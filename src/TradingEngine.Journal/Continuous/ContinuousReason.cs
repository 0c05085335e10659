namespace TradingEngine.Journal.Continuous;

/// <summary>A count with its first examples: events a continuous series left out, or rolls it deferred, for one reason.</summary>
public sealed class ContinuousReason(string reason)
{
    private const int MaxExamples = 3;
    private readonly List<string> _examples = [];

    public string Reason { get; } = reason;
    public long Count { get; private set; }
    public IReadOnlyList<string> Examples => _examples;

    /// <summary>Counts one; keeps <paramref name="example"/> among the first three.</summary>
    public void Add(string example)
    {
        Count++;
        if (_examples.Count < MaxExamples)
            _examples.Add(example);
    }

    /// <summary>Counts one without an example (after the first three: nothing is built per event).</summary>
    public bool NeedsExample => _examples.Count < MaxExamples;

    public void Add() => Count++;
}
