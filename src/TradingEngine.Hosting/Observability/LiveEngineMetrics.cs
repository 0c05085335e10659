using NATS.Client.Core;
using TradingEngine.Nats;
using TradingEngine.Ring;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// What <c>te run --metrics</c> shows: ingestion (accepted, rejected by reason and by symbol, dead letters, gaps,
/// reconnects, slow-consumer drops), every ring's occupancy and each consumer's lag, the executors' counters and
/// per-node failures, the tick → output latency histogram, the journals, the publisher, the clock, the database sink
/// and the JetStream consumer. It reads counters the hot threads keep anyway; its collector (a timer, every
/// <see cref="CollectInterval"/>) drains the latency samples and asks the server for the consumer's state.
/// Registered before the engine starts, so <c>/healthz</c> answers during a long recovery; <see cref="Attach"/> gives it
/// the running engine.
/// </summary>
public sealed partial class LiveEngineMetrics : IMetricsSource, IAsyncDisposable
{
    /// <summary>How often the collector drains the latency samples (and measures the sink's outage).</summary>
    public static readonly TimeSpan CollectInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the collector asks the server where the JetStream consumer stands.</summary>
    public static readonly TimeSpan JetStreamInterval = TimeSpan.FromSeconds(2);

    private readonly NatsLiveEngineOptions _options;
    private readonly Lock _collecting = new();
    private readonly Timer _timer;
    private NatsLiveEngine? _engine;
    private LatencyHistogram[] _latency = [];
    private LatencyHistogram?[] _journalAppend = [];
    private LatencyHistogram?[] _journalFsync = [];
    private SinkMetrics? _sink;
    private JetStreamConsumerState? _jetStream;
    private string? _jetStreamError;
    private DateTime _jetStreamAsked;
    private int _jetStreamBusy;
    private long _jetStreamErrors;
    private volatile bool _stopping;

    public LiveEngineMetrics(NatsLiveEngineOptions options)
    {
        _options = options;
        _timer = new Timer(_ => Collect(), null, CollectInterval, CollectInterval);
    }

    /// <summary>The running engine, once started (its executors sample latency when <see cref="NatsLiveEngineOptions.SampleLatency"/> was set).</summary>
    public void Attach(NatsLiveEngine engine)
    {
        lock (_collecting)
        {
            _latency = engine.Engines.Executors
                .Select(e => e.Executor.OutputLatency is { } sampler ? new LatencyHistogram(sampler) : null)
                .OfType<LatencyHistogram>().ToArray();
            _journalAppend = engine.Journals.Select(j => j.AppendLatency is { } samples ? new LatencyHistogram(samples) : null).ToArray();
            _journalFsync = engine.Journals.Select(j => j.FsyncLatency is { } samples ? new LatencyHistogram(samples) : null).ToArray();
            _sink = _options.Timescale is { } timescale ? new SinkMetrics(() => engine.Sink, timescale) : null;
            _engine = engine;
        }
    }

    /// <summary>The engine is stopping: <c>/readyz</c> answers 503 from now on (a load balancer stops sending).</summary>
    public void MarkStopping() => _stopping = true;

    /// <summary>Each executor's latency histogram, in executor order (empty when not sampling).</summary>
    public IReadOnlyList<LatencyHistogram> Latency => _latency;

    public HealthStatus Health()
    {
        if (_engine is not { } engine)
            return HealthStatus.Up("starting (connecting, recovering)");
        foreach (var p in engine.Host.Inputs.SelectMany(i => i.Processors).Concat(engine.Host.Outputs.SelectMany(o => o.Processors)))
        {
            if (p.State == ProcessorState.Faulted || p.Fault is not null)
                return HealthStatus.Down($"thread '{p.Name}' halted: {p.Fault?.Message}");
        }
        return HealthStatus.Up(_stopping ? "stopping" : "running");
    }

    /// <summary>
    /// Ready: started, not stopping, the NATS connections open, every executor less than half its input ring behind,
    /// and (JetStream) the durable consumer less than one input ring of messages behind the stream.
    /// </summary>
    public HealthStatus Readiness()
    {
        if (_engine is not { } engine)
            return HealthStatus.Down("starting (connecting, recovering)");
        if (_stopping)
            return HealthStatus.Down("stopping");
        if (engine.Connections.External.ConnectionState != NatsConnectionState.Open)
            return HealthStatus.Down($"external NATS connection {engine.Connections.External.ConnectionState}");
        if (engine.Connections.Internal.ConnectionState != NatsConnectionState.Open)
            return HealthStatus.Down($"internal NATS connection {engine.Connections.Internal.ConnectionState}");
        for (var i = 0; i < engine.Host.Inputs.Count; i++)
        {
            var ring = engine.Host.Inputs[i].Ring;
            if (ring.Occupancy * 2 >= ring.Size)
                return HealthStatus.Down($"executor '{engine.Engines.Executors[i].Config.Name}' is {ring.Occupancy} events behind (input ring of {ring.Size})");
        }
        if (_jetStream is { } js && js.Pending >= engine.InputRing.Size)
            return HealthStatus.Down($"JetStream consumer {_options.ConsumerName} has {js.Pending} messages pending");
        return HealthStatus.Up("connected and caught up");
    }

    /// <summary>Drains the latency samples and so on (the timer's work; a scrape calls it first so it sees every output so far).</summary>
    public void Collect()
    {
        lock (_collecting)
        {
            foreach (var histogram in _latency)
                histogram.Drain();
            foreach (var histogram in _journalAppend)
                histogram?.Drain();
            foreach (var histogram in _journalFsync)
                histogram?.Drain();
            _sink?.Collect();
        }
        if (_options.JetStream && _engine is { } engine && !_stopping && DateTime.UtcNow - _jetStreamAsked >= JetStreamInterval
            && Interlocked.Exchange(ref _jetStreamBusy, 1) == 0)
        {
            _jetStreamAsked = DateTime.UtcNow;
            _ = AskJetStreamAsync(engine);
        }
    }

    private async Task AskJetStreamAsync(NatsLiveEngine engine)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            _jetStream = await JetStreamConsumerState.ReadAsync(engine.Connections.External, _options.StreamName, _options.ConsumerName, timeout.Token).ConfigureAwait(false);
            _jetStreamError = null;
        }
        catch (Exception ex)
        {
            _jetStreamError = ex.Message; // counted as te_jetstream_consumer_info_errors; the last state stays
            Interlocked.Increment(ref _jetStreamErrors);
        }
        finally
        {
            Volatile.Write(ref _jetStreamBusy, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _timer.DisposeAsync().ConfigureAwait(false);
    }
}
