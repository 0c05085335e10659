using NATS.Client.Core;
using TradingEngine.Nats;

namespace TradingEngine.Hosting.Sources;

/// <summary>
/// No-loss input from the engine's JetStream stream (<see cref="JetStreamIngestor"/>): each ring resumes after its own
/// journal's highest stream sequence, and a message is acked once its ring's journal made it durable.
/// </summary>
internal sealed class JetStreamSource(NatsConnection connection, IInputDecoder decoder, JetStreamOptions options, IngestionOptions ingestion, IngestionCounters counters)
    : IInputSource
{
    private JetStreamIngestor? _ingestor;
    private InputRings? _rings;

    public string Name => $"jetstream {options.StreamName}/{options.ConsumerName}";

    public async Task StartAsync(InputRings rings, CancellationToken cancellationToken)
    {
        _rings = rings;
        // a state restored from elsewhere (a snapshot on the bus) covers the stream through options.ResumeAfter
        var resume = rings.LastSourceSequences.Select(r => Math.Max(r, (long)options.ResumeAfter)).ToArray();
        _ingestor = new JetStreamIngestor(connection, rings.Routes, rings.Symbols, decoder, rings.Journals.Select(j => j.DurableRingSequence).ToArray(), resume,
            options with { ResumeAfter = (ulong)resume.Min() }, ingestion, counters);
        await _ingestor.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the rings drained and the journals' last syncs are acked, then stops consuming.</summary>
    public async ValueTask StopAsync()
    {
        if (_ingestor is null)
            return;
        _rings!.WaitUntilDrained(TimeSpan.FromSeconds(10));
        // the last acks: what the journals synced while we stopped
        await _ingestor.WaitForAcksAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await _ingestor.DisposeAsync().ConfigureAwait(false);
        _ingestor = null;
    }

    public ValueTask DisposeAsync() => StopAsync();
}
