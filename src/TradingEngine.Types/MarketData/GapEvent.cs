using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>Input was lost before it reached the ring; <see cref="LostCount"/> messages (0 when unknown).</summary>
[StructLayout(LayoutKind.Sequential)]
public partial struct GapEvent
{
    public SymbolId Symbol;
    public GapReason Reason;
    public long EventTime;
    public long ReceiveTime;
    public long LostCount;
}
