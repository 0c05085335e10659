using TradingEngine.Timescale.Sink;

namespace TradingEngine.Hosting.Consumers;

/// <summary>
/// The database sink: trade prints from every input ring and outputs from the output ring, each read by a gated
/// handler that hands rows to the sink's writer thread (which spills to disk while the database is away, so the
/// handlers never wait for it; docs/timescale.md).
/// </summary>
/// <param name="sources">The feeds' watermark sources (<c>… .ticks</c>, <c>… .outputs</c>); with several input rings each
/// ring's tick feed gets the executor's name appended (symbols are disjoint, watermarks are per source and symbol).</param>
internal sealed class TimescaleSinkConsumer(TimescaleSink sink, string tickSource, string outputSource) : IOutputConsumer
{
    public string Name => "timescale sink";

    public TimescaleSink Sink => sink;

    /// <summary>Wait: the sink's handlers never stall (the writer buffers and spills to disk while the database is away), and its rows are exactly once.</summary>
    public OutputOverflow Overflow => OutputOverflow.Wait;

    public void Attach(OutputAttachment attachment)
    {
        for (var i = 0; i < attachment.Inputs.Count; i++)
        {
            var source = attachment.Inputs.Count == 1 ? tickSource : tickSource + "." + attachment.ExecutorNames[i];
            attachment.Inputs[i].Add(new TickRingSinkHandler(sink.OpenFeed(source)), attachment.Thread("sink"));
        }
        attachment.Output.Add(new OutputRingSinkHandler(sink.OpenFeed(outputSource)), attachment.Thread("sink"));
        sink.Start(); // returns at once: the writer connects, migrates and retries on its own thread
    }

    /// <summary>How long a stop waits for the database to take the last rows before abandoning them.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Writes what the handlers handed over at shutdown, but never hangs on a dead database (<see cref="StopTimeout"/>).</summary>
    public async ValueTask StopAsync()
    {
        // abandoned on timeout: the rows after the committed watermark are still in the journal
        await StopWithinAsync(sink, StopTimeout).ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="sink"/>'s writer within <paramref name="timeout"/>; false when the database did not take the last rows in time.</summary>
    internal static async Task<bool> StopWithinAsync(TimescaleSink sink, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await sink.StopAsync(cancel.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => sink.DisposeAsync();
}
