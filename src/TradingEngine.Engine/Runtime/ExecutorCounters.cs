using System.Runtime.InteropServices;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Operations counters of one executor: written by the executor thread with plain stores (no locks,
/// no interlocked), read by a logger thread through <see cref="Sample"/>. 64-bit reads and writes are
/// atomic on the platforms we run on, so a sample can be slightly torn across fields but never within one.
/// </summary>
/// <remarks>
/// The counters sit between two cache lines of padding so the executor's stores never share a line
/// with another object the logger (or anything else) touches.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 2 * PadBytes + 13 * 8)]
public sealed class ExecutorCounters
{
    private const int PadBytes = 64;

    [FieldOffset(PadBytes + 0)] internal long EventsField;
    [FieldOffset(PadBytes + 8)] internal long TicksField;
    [FieldOffset(PadBytes + 16)] internal long QuotesField;
    [FieldOffset(PadBytes + 24)] internal long CandlesField;
    [FieldOffset(PadBytes + 32)] internal long TimersField;
    [FieldOffset(PadBytes + 40)] internal long GapsField;
    [FieldOffset(PadBytes + 48)] internal long LostMessagesField;
    [FieldOffset(PadBytes + 56)] internal long NodeFailuresField;
    [FieldOffset(PadBytes + 64)] internal long EventFailuresField;
    [FieldOffset(PadBytes + 72)] internal long UnknownSymbolsField;
    [FieldOffset(PadBytes + 80)] internal long RingOccupancyField;
    [FieldOffset(PadBytes + 88)] internal long BatchesField;
    [FieldOffset(PadBytes + 96)] internal long SkipMarkersField;

    /// <summary>Reads every counter once, for a log line.</summary>
    public CounterSample Sample() => new(
        Environment.TickCount64,
        Volatile.Read(ref EventsField),
        Volatile.Read(ref TicksField),
        Volatile.Read(ref QuotesField),
        Volatile.Read(ref CandlesField),
        Volatile.Read(ref TimersField),
        Volatile.Read(ref GapsField),
        Volatile.Read(ref LostMessagesField),
        Volatile.Read(ref NodeFailuresField),
        Volatile.Read(ref EventFailuresField),
        Volatile.Read(ref UnknownSymbolsField),
        Volatile.Read(ref RingOccupancyField),
        Volatile.Read(ref BatchesField),
        Volatile.Read(ref SkipMarkersField));
}
