namespace TradingEngine.Ring;

/// <summary>A consumer loop over a ring, seen without its event and handler types (for wiring and supervision).</summary>
public interface IEventProcessor
{
    string Name { get; }

    /// <summary>The highest sequence this consumer has finished with; later stages and producers wait on it.</summary>
    Sequence Sequence { get; }

    ProcessorState State { get; }

    /// <summary>How this consumer waits when it has caught up.</summary>
    WaitStrategy WaitStrategy { get; }

    /// <summary>The exception that halted the processor under <see cref="ExceptionPolicy.Halt"/>, else null.</summary>
    Exception? Fault { get; }

    /// <summary>How many handler exceptions were logged (all policies).</summary>
    long ExceptionCount { get; }

    /// <summary>
    /// Bytes this processor's thread has allocated since it started (<see cref="GC.GetAllocatedBytesForCurrentThread"/>),
    /// as of its last batch: read twice in steady state, the difference is what the thread allocated in between (zero on
    /// the hot threads: executor, journaler, publisher).
    /// </summary>
    long AllocatedBytes { get; }

    /// <summary>Runs the loop on a new background thread (pinned when the options name a CPU).</summary>
    void Start();

    /// <summary>Runs the loop on the calling thread until halted.</summary>
    void Run();

    /// <summary>Asks the loop to stop after the batch in hand; it does not wait for the ring to drain.</summary>
    void Halt();

    /// <summary>Waits until the loop has stopped; false on timeout.</summary>
    bool Join(TimeSpan timeout);
}
