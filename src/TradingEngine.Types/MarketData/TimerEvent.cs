using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>A heartbeat: event time has reached <see cref="EventTime"/> with no data for the symbol.</summary>
[StructLayout(LayoutKind.Sequential)]
public partial struct TimerEvent
{
    public SymbolId Symbol;
    public long EventTime;
    public long ReceiveTime;
}
