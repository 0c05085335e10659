namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// The <c>te serve</c> process tests run one after the other: each starts a nats-server and up to three te processes,
/// and two of them side by side on a 2-vCPU machine starve each other's connects.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServeCollection
{
    public const string Name = "serve";
}
