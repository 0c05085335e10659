namespace TradingEngine.Ring;

/// <summary>
/// Wires consumers onto a ring: parallel first-stage consumers (journaler ∥ executor), later stages that run
/// after named consumers (executor → publisher, or a diamond), gating so producers never overrun any of them,
/// and a clean start / drain / halt.
/// <code>
/// var ring = RingBuffer&lt;Tick&gt;.CreateSingleProducer(65536, new YieldingWaitStrategy());
/// var pipeline = new RingPipeline&lt;Tick&gt;(ring);
/// var journal = pipeline.Add(new JournalHandler(...));
/// var executor = pipeline.Add(new ExecutorHandler(...));
/// pipeline.Add(new PublisherHandler(...), after: executor);
/// pipeline.Start();
/// ... publish ...
/// pipeline.Shutdown(TimeSpan.FromSeconds(5)); // drains what was published, then halts and joins
/// </code>
/// </summary>
public sealed class RingPipeline<T>
    where T : struct
{
    private readonly List<IEventProcessor> _processors = [];
    private bool _started;

    public RingPipeline(RingBuffer<T> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        Ring = ring;
    }

    public RingBuffer<T> Ring { get; }

    /// <summary>Every processor in the order added.</summary>
    public IReadOnlyList<IEventProcessor> Processors => _processors;

    /// <summary>Adds a consumer that reads right after publication, in parallel with the other first-stage consumers.</summary>
    public BatchEventProcessor<T, THandler> Add<THandler>(THandler handler, ProcessorOptions? options = null)
        where THandler : IEventHandler<T>
        => Add(handler, options, after: []);

    /// <summary>Adds a consumer that reads an event only after every processor in <paramref name="after"/> is done with it.</summary>
    public BatchEventProcessor<T, THandler> Add<THandler>(THandler handler, ProcessorOptions? options, params IEventProcessor[] after)
        where THandler : IEventHandler<T>
    {
        if (_started)
            ThrowHelper.ThrowPipelineStarted();
        var dependents = new Sequence[after.Length];
        for (var i = 0; i < after.Length; i++)
        {
            if (!_processors.Contains(after[i]))
                ThrowHelper.ThrowForeignProcessor(after[i].Name);
            dependents[i] = after[i].Sequence;
        }
        var barrier = options?.WaitStrategy is { } own ? Ring.NewBarrier(own, dependents) : Ring.NewBarrier(dependents);
        var processor = new BatchEventProcessor<T, THandler>(Ring, barrier, handler, options);
        // Every consumer gates the producers (not only the chain ends): always safe, and the minimum is
        // only computed when a claim could wrap.
        Ring.AddGatingSequences(processor.Sequence);
        _processors.Add(processor);
        return processor;
    }

    /// <summary>Starts every processor on its own thread.</summary>
    public void Start()
    {
        _started = true;
        foreach (var processor in _processors)
            processor.Start();
    }

    /// <summary>Waits until every running processor has handled everything published so far; false on timeout.</summary>
    public bool WaitUntilDrained(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var spinner = new SpinWait();
        while (!IsDrained())
        {
            if (Environment.TickCount64 > deadline)
                return false;
            spinner.SpinOnce();
        }
        return true;
    }

    /// <summary>
    /// Clean shutdown, once the producers have stopped: waits for the consumers to drain what was published,
    /// halts them and waits for their threads. Returns false when draining or stopping timed out (they are halted anyway).
    /// </summary>
    public bool Shutdown(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var drained = WaitUntilDrained(timeout);
        Halt();
        var stopped = true;
        foreach (var processor in _processors)
        {
            var left = Math.Max(0, deadline - Environment.TickCount64);
            stopped &= processor.Join(TimeSpan.FromMilliseconds(left));
        }
        return drained && stopped;
    }

    /// <summary>Halts every processor after the batch in hand, without draining.</summary>
    public void Halt()
    {
        foreach (var processor in _processors)
            processor.Halt();
    }

    private bool IsDrained()
    {
        var published = Ring.PublishedSequence;
        foreach (var processor in _processors)
        {
            if (processor.State == ProcessorState.Running && processor.Sequence.Value < published)
                return false;
        }
        return true;
    }
}
