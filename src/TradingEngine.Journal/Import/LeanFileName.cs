using System.Globalization;

namespace TradingEngine.Journal.Import;

/// <summary>
/// What Lean's file names say: <c>20131008_spy_Trade_Tick.csv</c> (date, symbol),
/// <c>20131007_gc_tick_trade_201312.csv</c> (date, symbol, contract expiry). Lean's times are offsets from
/// midnight of this date, so a reader cannot place a row in time without it.
/// </summary>
public readonly record struct LeanFileName(DateOnly Date, string Symbol, string? Expiry)
{
    public static bool TryParse(string path, out LeanFileName name)
    {
        name = default;
        var file = Path.GetFileNameWithoutExtension(path);
        var parts = file.Split('_');
        if (parts.Length < 2 || parts[0].Length != 8
            || !DateOnly.TryParseExact(parts[0], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return false;
        var last = parts[^1];
        string? expiry = parts.Length > 2 && last.Length == 6 && last.All(char.IsAsciiDigit) ? last : null;
        name = new LeanFileName(date, parts[1].ToUpperInvariant(), expiry);
        return true;
    }

    public static LeanFileName Parse(string path) =>
        TryParse(path, out var name)
            ? name
            : throw new FormatException($"{path}: a Lean data file name starts with the date, 'YYYYMMDD_symbol_...' (e.g. 20131008_spy_Trade_Tick.csv)");
}
