using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>The parameter schemas the structure node kinds share, so every kind spells and bounds them the same way.</summary>
internal static class StructureParameters
{
    public static ParameterSpec Strength => ParameterSpec.Integer("strength", 2, 1, 50, "bars on each side of a swing pivot");
    public static ParameterSpec TickSize => ParameterSpec.Number("tick_size", 0.01, 1e-9, 1e9, "instrument tick size in price units (tolerances in ticks multiply it)");
    public static ParameterSpec EqualTicks => ParameterSpec.Number("equal_ticks", 0.0, 0.0, 1e6, "equal-swing tolerance in ticks");
    public static ParameterSpec EqualAtr => ParameterSpec.Number("equal_atr", 0.0, 0.0, 100.0, "equal-swing tolerance as a fraction of ATR (the larger tolerance wins)");
    public static ParameterSpec AtrPeriod => ParameterSpec.Integer("atr_period", 14, 1, 10_000, "ATR period for ATR-fraction tolerances");
    public static ParameterSpec MaxAge => ParameterSpec.Integer("max_age", 500, 1, 1_000_000, "bars a zone or level stays alive after the bar it refers to");
    public static ParameterSpec Capacity => ParameterSpec.Integer("capacity", 32, 1, 4096, "live zones or levels kept at most (the oldest is dropped)");
    public static ParameterSpec Mode => ParameterSpec.Choice("mode", "close", ["close", "wick"], "a level breaks on a close beyond it, or on a wick beyond it");

    /// <summary>The one input of every structure kind: closed candles.</summary>
    public const int CandlesIn = 0;

    /// <summary>The input ports of every structure kind (<see cref="StructureNode{TCore}"/>).</summary>
    public static InputPort[] Inputs => PortList.Of((CandlesIn, new InputPort("candles", PortType.Candle, Description: "closed candles of any timeframe (candles:TF or external:TF)")));

    public static SwingDetector Swings(NodeParameters p) => SwingDetector.Create(
        p.Int32("strength"), p.Number("equal_ticks") * p.Number("tick_size"), p.Number("equal_atr"), p.Int32("atr_period"));

    public static BreakMode BreakMode(NodeParameters p) => p.Text("mode") == "wick" ? MarketStructure.BreakMode.Wick : MarketStructure.BreakMode.Close;

    public static double Price(long raw, int precision) => StructureMath.ToDouble(raw, precision);
}
