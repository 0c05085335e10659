namespace TradingEngine.Ring;

/// <summary>What a processor does when its handler throws. The exception is always logged first, never swallowed silently.</summary>
public enum ExceptionPolicy
{
    /// <summary>Log, count, treat the failing event as handled and go on with the next one.</summary>
    LogAndContinue,

    /// <summary>
    /// Log, keep the exception in <see cref="IEventProcessor.Fault"/> and stop the processor (state
    /// <see cref="ProcessorState.Faulted"/>). Its sequence stops, so producers gated on it eventually see a full ring:
    /// back-pressure, visible in the ring counters, instead of silently lost events.
    /// </summary>
    Halt,
}
