using TradingEngine.Engine.Runtime;

namespace TradingEngine.Hosting;

/// <summary>
/// The live clock as an input source: one <see cref="LiveClock"/> thread writing, every interval, a timer per owned
/// symbol into that symbol's executor's input ring (the ring's journaler records it, so replay sees it at the same
/// place). In phase with the largest <c>candle_lateness</c> of the engine's pipelines.
/// </summary>
internal sealed class LiveClockSource : IInputSource
{
    private readonly EngineSet _engines;
    private readonly TimeSpan _interval;
    private readonly TimeProvider? _time;

    public LiveClockSource(EngineSet engines, TimeSpan interval, TimeProvider? time = null)
    {
        _engines = engines;
        _interval = interval;
        _time = time;
    }

    public string Name => $"clock every {_interval.TotalMilliseconds:0} ms";

    /// <summary>The running clock (null before <see cref="StartAsync"/>).</summary>
    public LiveClock? Clock { get; private set; }

    public Task StartAsync(InputRings rings, CancellationToken cancellationToken)
    {
        // executor i owns input ring i (EngineHost.Start builds the routes in executor order)
        var targets = _engines.Executors.Select((e, i) => (rings.Routes[i], e.Executor));
        Clock = LiveClock.For(targets, _interval, _time);
        Clock.Start();
        return Task.CompletedTask;
    }

    public ValueTask StopAsync()
    {
        Clock?.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Clock?.Dispose();
        return ValueTask.CompletedTask;
    }
}
