namespace TradingEngine.Engine.Runtime;

/// <summary>Where <see cref="OutputLatencySampler.Drain{TRecorder}"/> puts the samples it reads (off the hot path).</summary>
public interface ILatencyRecorder
{
    /// <summary>One event's latency in nanoseconds, standing for <paramref name="outputs"/> outputs.</summary>
    void Record(long nanos, long outputs);
}
