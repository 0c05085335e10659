using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>Writes zone outputs: a pair of numbers that is NaN/NaN when there is no zone, so consumers test one value.</summary>
internal static class StructureOutputs
{
    public static void Zone(NodeContext context, int topPort, int bottomPort, bool present, long topRaw, long bottomRaw, int precision)
    {
        context.SetNumber(topPort, present ? StructureMath.ToDouble(topRaw, precision) : double.NaN);
        context.SetNumber(bottomPort, present ? StructureMath.ToDouble(bottomRaw, precision) : double.NaN);
    }

    public static void Level(NodeContext context, int port, bool present, long raw, int precision) =>
        context.SetNumber(port, present ? StructureMath.ToDouble(raw, precision) : double.NaN);
}
