namespace TradingEngine.Ring;

/// <summary>
/// Receives a handler's exception: the processor name, the sequence being handled (-1 outside an event:
/// start, shutdown, timeout, pinning) and the exception. The ring has no logging dependency, so the host plugs its own.
/// </summary>
public delegate void HandlerErrorLog(string processorName, long sequence, Exception exception);
