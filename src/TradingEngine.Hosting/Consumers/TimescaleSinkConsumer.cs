using TradingEngine.Timescale.Sink;

namespace TradingEngine.Hosting.Consumers;

/// <summary>
/// The database sink: trade prints from every input ring and outputs from the output ring, each read by a gated
/// handler that hands rows to the sink's writer thread (which spills to disk while the database is away, so the
/// handlers never wait for it; docs/timescale.md).
/// </summary>
/// <param name="sources">The feeds' watermark sources (<c>… .ticks</c>, <c>… .outputs</c>); with several input rings each
/// ring's tick feed gets the executor's name appended (symbols are disjoint, watermarks are per source and symbol).</param>
public sealed class TimescaleSinkConsumer(TimescaleSink sink, string tickSource, string outputSource) : IOutputConsumer
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

    /// <summary>Writes what the handlers handed over at shutdown, but never hangs on a dead database (30 s).</summary>
    public async ValueTask StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await sink.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // abandoned: the rows after the committed watermark are still in the journal
        }
    }

    public ValueTask DisposeAsync() => sink.DisposeAsync();
}
