namespace TradingEngine.Ring;

/// <summary>
/// A consumer's logic, called by <see cref="BatchEventProcessor{T, THandler}"/> on the consumer thread.
/// Implement it on a <c>struct</c>: the processor holds the handler in a non-readonly field of the generic
/// type, so the JIT specialises the loop for it and every call is direct (no virtual dispatch) and may inline.
/// A handler that must share state with other threads holds a reference to a class with that state.
/// </summary>
public interface IEventHandler<T>
    where T : struct
{
    /// <summary>Called once on the consumer thread before the first event.</summary>
    void OnStart();

    /// <summary>Called before each batch of <paramref name="batchSize"/> consecutive events.</summary>
    void OnBatchStart(long batchSize);

    /// <summary>
    /// Handles the event in its slot (read it by <c>ref</c>, do not keep the reference beyond the call).
    /// <paramref name="endOfBatch"/> is true on the last event currently available: the moment to flush I/O batches.
    /// </summary>
    void OnEvent(ref T evt, long sequence, bool endOfBatch);

    /// <summary>
    /// Called when a <see cref="BlockingWaitStrategy"/> with a timeout elapsed without a new event;
    /// <paramref name="sequence"/> is the last handled sequence. Never called by the spinning strategies.
    /// </summary>
    void OnTimeout(long sequence);

    /// <summary>Called once on the consumer thread after the last event, when the processor halts.</summary>
    void OnShutdown();
}
