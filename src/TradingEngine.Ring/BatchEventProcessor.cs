using System.Runtime.CompilerServices;

namespace TradingEngine.Ring;

/// <summary>
/// The consumer loop: waits on its barrier for the next available sequence, hands every available event to the
/// handler in one batch (<see cref="IEventHandler{T}.OnBatchStart"/>, then <see cref="IEventHandler{T}.OnEvent"/>
/// with <c>endOfBatch</c> on the last one), then releases the whole batch with one store to its <see cref="Sequence"/>.
/// <para>
/// <typeparamref name="THandler"/> should be a struct: the loop is then compiled for that handler and calls it directly.
/// Handler exceptions follow the processor's <see cref="ExceptionPolicy"/>; none escapes to kill the thread.
/// </para>
/// </summary>
public sealed class BatchEventProcessor<T, THandler> : IEventProcessor
    where T : struct
    where THandler : IEventHandler<T>
{
    private const int StateRunning = (int)ProcessorState.Running;

    // Not readonly: calls on a readonly struct field would go to a defensive copy.
    private THandler _handler;
    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly WaitStrategy _waitStrategy;
    private readonly bool _signalOnAdvance;
    private readonly ExceptionPolicy _policy;
    private readonly HandlerErrorLog _errorLog;
    private readonly int? _cpu;
    private readonly ManualResetEventSlim _stopped = new(false);
    private int _started;
    private int _state;
    private volatile bool _haltRequested;
    private long _exceptionCount;
    private Exception? _fault;
    private long _current;
    private long _allocated;

    /// <summary>A consumer of <paramref name="ring"/> that reads after <paramref name="barrier"/>. Register <see cref="Sequence"/> as a gating sequence (see <see cref="RingPipeline{T}"/>, which does the wiring).</summary>
    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, ProcessorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        options ??= ProcessorOptions.Default;
        _ring = ring;
        _barrier = barrier;
        if (options.IdleTimeout is { } idle)
        {
            if (idle <= TimeSpan.Zero)
                ThrowHelper.ThrowTimeoutOutOfRange(idle);
            barrier.IdleTimeout = idle;
        }
        _handler = handler;
        _waitStrategy = ring.WaitStrategy;
        _signalOnAdvance = ring.WaitStrategy.IsBlocking;
        _policy = options.ExceptionPolicy;
        _errorLog = options.ErrorLog ?? ProcessorOptions.LogToStandardError;
        _cpu = options.Cpu;
        Name = options.Name ?? typeof(THandler).Name;
    }

    public string Name { get; }

    public Sequence Sequence { get; } = new();

    /// <summary>The handler instance the loop calls (by reference, so a struct handler's fields can be read after the run).</summary>
    public ref THandler Handler => ref _handler;

    /// <summary>How this consumer waits when it has caught up (its own strategy, or the ring's).</summary>
    public WaitStrategy WaitStrategy => _barrier.WaitStrategy;

    /// <summary>The ring this processor consumes.</summary>
    public RingBuffer<T> Ring => _ring;

    public ProcessorState State => (ProcessorState)Volatile.Read(ref _state);

    public Exception? Fault => Volatile.Read(ref _fault);

    public long ExceptionCount => Volatile.Read(ref _exceptionCount);

    /// <inheritdoc/>
    public long AllocatedBytes => Volatile.Read(ref _allocated);

    public void Start()
    {
        MarkStarted();
        var thread = new Thread(static self => ((BatchEventProcessor<T, THandler>)self!).RunCore())
        {
            IsBackground = true,
            Name = Name,
        };
        thread.Start(this);
    }

    public void Run()
    {
        MarkStarted();
        RunCore();
    }

    public void Halt()
    {
        _haltRequested = true;
        _barrier.Alert();
    }

    public bool Join(TimeSpan timeout) => Volatile.Read(ref _started) == 0 || _stopped.Wait(timeout);

    private void MarkStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            ThrowHelper.ThrowProcessorAlreadyStarted(Name);
        // Running from here on, so a drain check right after Start cannot mistake a thread not yet scheduled for an idle one.
        Volatile.Write(ref _state, StateRunning);
    }

    private void RunCore()
    {
        var final = ProcessorState.Halted;
        var handlerStarted = false;
        try
        {
            if (_cpu is { } cpu)
                Pin(cpu);
            if (_haltRequested)
                return;
            handlerStarted = true;
            try
            {
                _handler.OnStart();
            }
            catch (Exception ex)
            {
                if (!OnHandlerException(ex, -1))
                {
                    final = ProcessorState.Faulted;
                    return;
                }
            }
            if (!ProcessEvents())
                final = ProcessorState.Faulted;
        }
        finally
        {
            if (handlerStarted)
            {
                try
                {
                    _handler.OnShutdown();
                }
                catch (Exception ex)
                {
                    OnHandlerException(ex, -1);
                }
            }
            Volatile.Write(ref _state, (int)final);
            _stopped.Set();
        }
    }

    /// <summary>The hot loop. Returns false when a handler exception halted it.</summary>
    private bool ProcessEvents()
    {
        var barrier = _barrier;
        var sequence = Sequence;
        var next = sequence.Value + 1;
        while (true)
        {
            try
            {
                while (true)
                {
                    var available = barrier.WaitFor(next);
                    if (available >= next)
                    {
                        _current = next;
                        _handler.OnBatchStart(available - next + 1);
                        HandleBatch(next, available);
                        next = available + 1;
                        sequence.SetValue(available);
                        // the thread's allocation total after each batch: two reads in steady state must be equal
                        Volatile.Write(ref _allocated, GC.GetAllocatedBytesForCurrentThread());
                        if (_signalOnAdvance)
                            _waitStrategy.SignalAllWhenBlocking();
                    }
                    else if (barrier.IsAlertRaised)
                    {
                        if (_haltRequested)
                            return true;
                        barrier.ClearAlert();
                    }
                    else
                    {
                        NotifyTimeout(next - 1);
                    }
                }
            }
            catch (Exception ex)
            {
                // `next` is not read here (so the JIT keeps it in a register in the loop above): the failing
                // sequence is the one HandleBatch recorded.
                var failed = _current;
                if (!OnHandlerException(ex, failed))
                {
                    // Release what was handled before the failing event; the failing one stays held.
                    sequence.SetValue(failed - 1);
                    return false;
                }
                sequence.SetValue(failed);
                if (_signalOnAdvance)
                    _waitStrategy.SignalAllWhenBlocking();
                next = failed + 1;
            }
        }
    }

    /// <summary>
    /// Hands [<paramref name="next"/>, <paramref name="available"/>] to the handler. Kept free of exception
    /// handling so the slot base, mask and sequence stay in registers; the sequence in hand is recorded in a
    /// field that only this thread touches (one store per event, no dependency chain) for the exception path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void HandleBatch(long next, long available)
    {
        ref var first = ref _ring.FirstSlot;
        var mask = _ring.Mask;
        for (; next <= available; next++)
        {
            _current = next;
            _handler.OnEvent(ref Unsafe.Add(ref first, (nint)(next & mask)), next, next == available);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NotifyTimeout(long lastSequence)
    {
        try
        {
            _handler.OnTimeout(lastSequence);
        }
        catch (Exception ex) when (_policy == ExceptionPolicy.LogAndContinue)
        {
            OnHandlerException(ex, -1);
        }
    }

    /// <summary>Logs and counts; returns true when the loop goes on, false when the policy halts it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OnHandlerException(Exception exception, long sequence)
    {
        Interlocked.Increment(ref _exceptionCount);
        try
        {
            _errorLog(Name, sequence, exception);
        }
        catch (Exception logFailure)
        {
            ProcessorOptions.LogToStandardError(Name, sequence, new AggregateException(exception, logFailure));
        }
        if (_policy == ExceptionPolicy.LogAndContinue)
            return true;
        Volatile.Write(ref _fault, exception);
        return false;
    }

    private void Pin(int cpu)
    {
        try
        {
            ThreadAffinity.PinCurrentThread(cpu);
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException or ArgumentOutOfRangeException)
        {
            Interlocked.Increment(ref _exceptionCount);
            _errorLog(Name, -1, ex);
        }
    }
}
