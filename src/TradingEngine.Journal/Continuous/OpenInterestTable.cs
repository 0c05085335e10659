using System.Globalization;
using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// Daily open interest per contract, for the roll rule <c>open_interest</c>: a CSV with a header and the columns
/// <c>date,contract,open_interest</c> (<c>2013-12-12,ESH14,2712345</c>); the date is the trading date the figure is of.
/// </summary>
public sealed class OpenInterestTable
{
    private readonly Dictionary<(DateOnly, ContractKey), long> _rows = [];

    public int Count => _rows.Count;

    public void Add(DateOnly date, ContractKey contract, long openInterest) => _rows[(date, contract)] = openInterest;

    public bool TryGet(DateOnly date, ContractKey contract, out long openInterest) => _rows.TryGetValue((date, contract), out openInterest);

    /// <summary>Reads <paramref name="path"/>; a bad row throws naming file:line, the value and what was expected.</summary>
    public static OpenInterestTable Load(string path)
    {
        var table = new OpenInterestTable();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (line == 1 || text.Length == 0)
                continue;
            var f = text.Split(',');
            if (f.Length != 3)
                throw new FormatException($"{path}:{line}: '{text}' has {f.Length} fields, expected date,contract,open_interest");
            if (!DateOnly.TryParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new FormatException($"{path}:{line}: date '{f[0]}' is not yyyy-MM-dd");
            if (!FutureRoll.TryParseContractMonth(f[1], date.Year, out var year, out var month))
                throw new FormatException($"{path}:{line}: contract '{f[1]}' is not a futures contract like ESH14");
            if (!long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var oi))
                throw new FormatException($"{path}:{line}: open_interest '{f[2]}' is not a whole non-negative number");
            table.Add(date, new ContractKey(year, month), oi);
        }
        return table;
    }
}
