using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>A live price zone held by a detector: bounds, direction, state and the bar it refers to.</summary>
internal struct Zone
{
    public StructureDirection Direction;
    public ZoneState State;
    public long TopRaw;
    public long BottomRaw;
    public long Index;
    public long Time;
    public long VolumeRaw;
    public int Touches;
    /// <summary>Pivot index of the newest swing joined (liquidity: which of two matches is newer).</summary>
    public long Time2;
}
