using System.Globalization;
using TradingEngine.Indicators.Volume;

namespace TradingEngine.Tests.Indicators;

internal static class EsTradesWithBbo
{
    public const string RelativePath = "ticks/databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv";

    /// <summary>Raw price units per point (prices have two decimals); ES tick size 0.25 = 25 raw.</summary>
    public const long Scale = 100;

    public const long TickSize = 25;

    public static EsTrade[] Read(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
    {
        var f = line.Split(',');
        var side = f[6] switch { "B" => AggressorSide.Buy, "A" => AggressorSide.Sell, _ => AggressorSide.Unknown };
        return new EsTrade(
            long.Parse(f[1], CultureInfo.InvariantCulture), Raw(f[4]), long.Parse(f[5], CultureInfo.InvariantCulture),
            side, side != AggressorSide.Unknown, Raw(f[7]), Raw(f[9]));
    }).ToArray();

    private static long Raw(string decimalText) => (long)(decimal.Parse(decimalText, CultureInfo.InvariantCulture) * Scale);
}
