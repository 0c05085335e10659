namespace TradingEngine.Hosting.Serving;

/// <summary>
/// JetStream did not answer the snapshot bucket's API requests within <see cref="SnapshotBusOptions.UnavailableAttempts"/>
/// attempts (the cluster elects a meta or stream leader, JetStream is not enabled or not ready): a retryable
/// unavailability, not a fault of the snapshot. <c>te serve executor</c> exits 1 (Kubernetes starts it again).
/// </summary>
public sealed class SnapshotBusUnavailableException(string message, Exception inner) : Exception(message, inner);
