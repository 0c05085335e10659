using System.Globalization;
using System.Text;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Which CSV column holds which field, written <c>time=ts_event,price=px,size=qty</c>: each value is a header name
/// (case-insensitive) or a 0-based column number. Tick fields: <c>time, receive, price, size, bid, ask, side, venue,
/// conditions</c>; bar fields: <c>time, open, high, low, close, volume</c>.
/// </summary>
public sealed class CsvColumnMap
{
    public static readonly IReadOnlyList<string> TickFields = ["time", "receive", "price", "size", "bid", "ask", "side", "venue", "conditions"];
    public static readonly IReadOnlyList<string> BarFields = ["time", "open", "high", "low", "close", "volume"];

    private readonly Dictionary<string, string> _columns;

    private CsvColumnMap(Dictionary<string, string> columns) => _columns = columns;

    public IReadOnlyDictionary<string, string> Columns => _columns;

    public bool IsBars => _columns.ContainsKey("open");

    public static CsvColumnMap Parse(string text)
    {
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new FormatException($"column map entry '{part}' is not field=column (e.g. time=ts_event or price=2)");
            var field = part[..eq].Trim().ToLowerInvariant();
            if (!TickFields.Contains(field) && !BarFields.Contains(field))
                throw new FormatException($"column map field '{field}' is unknown; expected one of {string.Join(", ", TickFields.Union(BarFields))}");
            if (!columns.TryAdd(field, part[(eq + 1)..].Trim()))
                throw new FormatException($"column map names field '{field}' twice");
        }
        var required = columns.ContainsKey("open") ? new[] { "time", "open", "high", "low", "close" } : ["time", "price", "size"];
        foreach (var field in required)
            if (!columns.ContainsKey(field))
                throw new FormatException($"column map '{text}' has no '{field}'; {(columns.ContainsKey("open") ? "bars" : "ticks")} need {string.Join(", ", required)}");
        return new CsvColumnMap(columns);
    }

    /// <summary>Resolves the map against a header row (or column numbers when there is none) to a field → column index table.</summary>
    internal Dictionary<string, int> Resolve(string source, string[]? header)
    {
        var indexes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, column) in _columns)
        {
            int index;
            if (int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                index = number;
            else if (header is null)
                throw new FormatException($"{source}: column map uses the name '{column}' for {field}, but the file is read without a header; use a 0-based column number");
            else
                index = Array.FindIndex(header, h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw new FormatException($"{source}:1: no column '{column}' for {field}; the header has {string.Join(", ", header ?? [])}");
            indexes[field] = index;
        }
        return indexes;
    }

    internal static string[] SplitHeader(ReadOnlySpan<byte> header) =>
        Encoding.UTF8.GetString(header).Split(',').Select(h => h.Trim().Trim('"')).ToArray();
}
