namespace TradingEngine.Ring;

/// <summary>Life cycle of an event processor.</summary>
public enum ProcessorState
{
    /// <summary>Created, not started.</summary>
    Idle,

    /// <summary>Its loop is running.</summary>
    Running,

    /// <summary>Stopped on request (<see cref="IEventProcessor.Halt"/>).</summary>
    Halted,

    /// <summary>Stopped because its handler threw under <see cref="ExceptionPolicy.Halt"/>; see <see cref="IEventProcessor.Fault"/>.</summary>
    Faulted,
}
