namespace TradingEngine.Ring;

/// <summary>How an event processor runs: its name, what happens when its handler throws, and an optional CPU.</summary>
public sealed class ProcessorOptions
{
    /// <summary>Thread and log name; the handler type name when null.</summary>
    public string? Name { get; init; }

    public ExceptionPolicy ExceptionPolicy { get; init; } = ExceptionPolicy.LogAndContinue;

    /// <summary>Where handler exceptions go; standard error when null.</summary>
    public HandlerErrorLog? ErrorLog { get; init; }

    /// <summary>Pins the consumer thread to this CPU (Linux only) when set; a failure to pin is logged, not fatal.</summary>
    public int? Cpu { get; init; }

    /// <summary>
    /// How this consumer waits, when it waits its own way (a deployment profile's strategy for the thread); the ring
    /// must then have been created with a <see cref="PerThreadWaitStrategy"/>. Null: the ring's strategy.
    /// </summary>
    public WaitStrategy? WaitStrategy { get; init; }

    /// <summary>
    /// How long the consumer waits with nothing to read before its handler's <see cref="IEventHandler{T}.OnTimeout"/>
    /// is called (then again after each further such period), whatever its wait strategy: the moment for idle work such
    /// as handing a partly filled batch on or syncing a journal. Null: never (a blocking strategy's own timeout aside).
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    internal static ProcessorOptions Default { get; } = new();

    internal static void LogToStandardError(string processorName, long sequence, Exception exception)
    {
        try
        {
            Console.Error.WriteLine($"ring processor '{processorName}': handler failed at sequence {sequence}: {exception}");
        }
        catch (IOException)
        {
            // stderr is gone (closed pipe): the exception is still counted and kept by the processor.
        }
    }
}
