using System.Globalization;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

/// <summary>
/// Real COMEX gold trades from ../shared/data (QuantConnect Lean futures tick format: milliseconds after New York
/// midnight, price, size, exchange, condition, suspicious). Prices are parsed exactly from their text and held at
/// 2 decimals; identical adjacent prints are kept (they are real).
/// </summary>
public static class GoldTicks
{
    public const string File = "ticks/lean_gc_futures_2013-10/20131009_gc_tick_trade_201312.csv";
    public const int PricePrecision = 2;

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static List<Tick> Read(SymbolId symbol, int limit = int.MaxValue)
    {
        var path = TestData.Require(File);
        var date = DateTime.ParseExact(Path.GetFileName(path)[..8], "yyyyMMdd", CultureInfo.InvariantCulture);
        var midnightUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(date, DateTimeKind.Unspecified), NewYork);
        var midnight = UtcNanos.FromDateTime(DateTime.SpecifyKind(midnightUtc, DateTimeKind.Utc));
        var ticks = new List<Tick>();
        foreach (var line in System.IO.File.ReadLines(path))
        {
            if (ticks.Count >= limit)
                break;
            var fields = line.Split(',');
            var ms = long.Parse(fields[0], CultureInfo.InvariantCulture);
            var price = Price.Parse(fields[1]).WithPrecision(PricePrecision);
            var size = Quantity.Parse(fields[2]);
            var tick = Tick.Create(symbol, midnight + ms * UtcNanos.PerMillisecond, price, size, receiveTime: 0);
            if (fields.Length > 5 && fields[5] == "1")
                tick.Flags |= TickFlags.Suspicious;
            ticks.Add(tick);
        }
        return ticks;
    }
}
