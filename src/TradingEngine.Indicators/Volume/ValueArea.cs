namespace TradingEngine.Indicators.Volume;

/// <summary>
/// Point of control and value area of a volume profile (prices raw, volumes integer).
/// <see cref="ValueAreaHigh"/>/<see cref="ValueAreaLow"/> are the highest/lowest level prices inside the area.
/// </summary>
internal readonly record struct ValueArea(
    long PointOfControl, long ValueAreaHigh, long ValueAreaLow, long TotalVolume, long PointOfControlVolume, long ValueAreaVolume)
{
    public bool IsEmpty => TotalVolume == 0;
}
