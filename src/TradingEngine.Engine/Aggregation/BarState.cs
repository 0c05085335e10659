using System.Runtime.InteropServices;
using TradingEngine.Types;

namespace TradingEngine.Engine.Aggregation;

/// <summary>Everything one bar specification needs per input, in one array slot so the hot loop touches one place.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BarState
{
    /// <summary>Time bars: start of the forming bucket. With <see cref="Length"/> 0 (nothing forming) every input misses the fast path.</summary>
    public long Start;
    public long Length;
    /// <summary>Tick-count, volume or range threshold in the aggregator's raw units; for time bars the timeframe in ns.</summary>
    public long Threshold;
    /// <summary>UTC alignment origin: 0, or Monday 1970-01-05 for whole weeks.</summary>
    public long Origin;
    public BarKind Kind;
    public bool External;
    public bool Synthetic;
    public bool HasForming;
    public bool HasClosed;
    /// <summary>0 no print yet, 1 prices from volume-only prints (provisional), 2 prices from regular prints.</summary>
    public byte PriceSource;
    public int ExternalSeconds;
    public Candle Forming;
    public Candle Closed;
}
