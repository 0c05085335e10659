namespace TradingEngine.Hosting;

/// <summary>
/// Where outputs go: the NATS publisher, the Timescale sink, later the dashboard stream. A consumer attaches its ring
/// handlers (a thread each) to the host's output ring and, if it wants raw input too (the sink's trade prints), to
/// the input rings; the rings never wait for a consumer beyond their size (see <see cref="OutputAttachment"/>).
/// </summary>
public interface IOutputConsumer : IAsyncDisposable
{
    /// <summary>For logs and the run summary.</summary>
    string Name { get; }

    /// <summary>What the executors do when this consumer's output ring is full (documented per consumer).</summary>
    OutputOverflow Overflow { get; }

    /// <summary>Adds the consumer's ring handlers, before the rings start.</summary>
    void Attach(OutputAttachment attachment);

    /// <summary>After the rings drained through its handlers: hands over what it still holds (a final flush); bounded in time.</summary>
    ValueTask StopAsync();
}
