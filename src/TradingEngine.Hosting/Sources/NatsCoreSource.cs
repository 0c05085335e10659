using NATS.Client.Core;
using TradingEngine.Nats;

namespace TradingEngine.Hosting.Sources;

/// <summary>Core NATS input (<see cref="MarketDataIngestor"/>): at most once; drops and reconnects become counted gap events.</summary>
internal sealed class NatsCoreSource(NatsConnection connection, IInputDecoder decoder, IngestionOptions options, IngestionCounters counters) : IInputSource
{
    private MarketDataIngestor? _ingestor;

    public string Name => "nats core";

    public IngestionCounters Counters => counters;

    public async Task StartAsync(InputRings rings, CancellationToken cancellationToken)
    {
        _ingestor = new MarketDataIngestor(connection, rings.Routes, rings.Symbols, decoder, options, counters);
        await _ingestor.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask StopAsync()
    {
        if (_ingestor is not null)
            await _ingestor.DisposeAsync().ConfigureAwait(false);
        _ingestor = null;
    }

    public ValueTask DisposeAsync() => StopAsync();
}
