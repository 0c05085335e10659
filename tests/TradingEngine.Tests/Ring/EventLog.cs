namespace TradingEngine.Tests.Ring;

/// <summary>
/// What one consumer saw, checked as it goes: every sequence exactly once and in order, each producer's values
/// consecutive, the slot still holding the event of that sequence (no overrun) and the upstream stages done.
/// Written only by the consumer thread; the test reads <see cref="Count"/> and <see cref="Error"/>.
/// </summary>
public sealed class EventLog
{
    private readonly long[] _lastValueByProducer;
    private long _count;
    private string? _error;

    public EventLog(int producers)
    {
        _lastValueByProducer = new long[producers];
        Array.Fill(_lastValueByProducer, -1);
    }

    public long LastSequence { get; private set; } = -1;

    public long Count => Volatile.Read(ref _count);

    public string? Error => Volatile.Read(ref _error);

    public long LastValueOf(int producer) => _lastValueByProducer[producer];

    public void Check(ref TestEvent evt, long sequence, bool requireA, bool requireB)
    {
        if (_error is not null)
            return;
        if (sequence != LastSequence + 1)
            Fail($"sequence {sequence} after {LastSequence}");
        else if (evt.Sequence != sequence)
            Fail($"slot of sequence {sequence} holds sequence {evt.Sequence}: the producer overran this consumer");
        else if (evt.Value != _lastValueByProducer[evt.Producer] + 1)
            Fail($"producer {evt.Producer} value {evt.Value} after {_lastValueByProducer[evt.Producer]}");
        else if (requireA && evt.StageA != sequence)
            Fail($"sequence {sequence} reached a later stage before stage A handled it (A mark {evt.StageA})");
        else if (requireB && evt.StageB != sequence)
            Fail($"sequence {sequence} reached a later stage before stage B handled it (B mark {evt.StageB})");
        LastSequence = sequence;
        _lastValueByProducer[evt.Producer] = evt.Value;
        Volatile.Write(ref _count, _count + 1);
    }

    private void Fail(string message) => Volatile.Write(ref _error, message);
}
