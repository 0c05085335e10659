using System.Runtime.InteropServices;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// One row waiting for the database: its position, its table, and the tick or output message by value (no
/// references, so a chunk of them spills to disk as raw bytes and reads back as is). 120 bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal struct SinkRecord
{
    [FieldOffset(0)] public long Sequence;
    [FieldOffset(8)] public int Ordinal;
    [FieldOffset(12)] public SinkTable Table;
    [FieldOffset(13)] public byte Feed;
    [FieldOffset(16)] public Tick Tick;
    [FieldOffset(16)] public OutputMessage Output;

    public readonly SinkPosition Position => new(Sequence, Ordinal);

    public readonly SymbolId Symbol => Table == SinkTable.Ticks ? Tick.Symbol : Output.Symbol;

    /// <summary>The row's event time (UTC nanoseconds): the trade's, or the output's (<see cref="OutputMessage.EventTime"/>).</summary>
    public readonly long EventTime => Table == SinkTable.Ticks ? Tick.EventTime : Output.EventTime;
}
