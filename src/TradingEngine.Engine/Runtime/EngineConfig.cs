namespace TradingEngine.Engine.Runtime;

/// <summary>
/// The configuration of one executor process (pipelines/engine.yaml): the instrument registry, the rings and
/// the executors with the symbols they own. Paths are resolved against the config file's folder.
/// </summary>
public sealed record EngineConfig(
    string File,
    string InstrumentsPath,
    RingConfig InputRing,
    RingConfig OutputRing,
    int CountersIntervalSeconds,
    IReadOnlyList<ExecutorConfig> Executors)
{
    /// <summary>
    /// <c>clock_interval</c>: wall-clock time between the live clock's timer events (<see cref="LiveClock"/>); zero: no
    /// clock; null when the file does not say (te run's <c>--clock-interval</c>, default 1 s, decides).
    /// </summary>
    public TimeSpan? ClockInterval { get; init; }

    /// <summary>
    /// The executor and pipeline file of <paramref name="symbol"/> (the first matching entry in file order), or
    /// null when this process does not own it.
    /// </summary>
    public (ExecutorConfig Executor, SymbolAssignment Assignment)? Find(string symbol)
    {
        foreach (var executor in Executors)
        {
            foreach (var a in executor.Symbols)
            {
                if (a.Matches(symbol))
                    return (executor, a);
            }
        }
        return null;
    }
}
