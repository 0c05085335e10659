using TradingEngine.Hosting;
using System.CommandLine;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// The options that say how to read vendor files, shared by <c>te import</c> and <c>te replay --csv</c> so both take
/// every one of them: format, symbol, column map, timeframe, zone, time format, price precision (an override of the
/// instrument registry's), bar label, header and bad-row policy.
/// </summary>
internal sealed class ImportOptionSet
{
    private static readonly Dictionary<string, CsvTimeFormat> TimeFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = CsvTimeFormat.Text,
        ["unix-ns"] = CsvTimeFormat.UnixNanoseconds,
        ["unix-us"] = CsvTimeFormat.UnixMicroseconds,
        ["unix-ms"] = CsvTimeFormat.UnixMilliseconds,
        ["unix-s"] = CsvTimeFormat.UnixSeconds,
    };

    /// <param name="formatRequired">True for <c>te import</c>; <c>te replay</c> needs it only with <c>--csv</c>.</param>
    public ImportOptionSet(bool formatRequired)
    {
        Format = new Option<string?>("--format") { Description = $"input format: {string.Join(", ", ImportCommand.Formats.Keys)}", Required = formatRequired };
        Format.AcceptOnlyFromAmong([.. ImportCommand.Formats.Keys]);
        TimeFormat.AcceptOnlyFromAmong([.. TimeFormats.Keys]);
        Label.AcceptOnlyFromAmong("start", "end");
        Policy.AcceptOnlyFromAmong("flag", "reject");
    }

    public Option<string?> Format { get; }

    public Option<string?> Symbol { get; } = new("--symbol")
    {
        Description = "symbol of every event (default: from each file name, the vendor's contract normalised: SPY, GCZ13, ESH4, 6EH4); " +
                      "a futures contract resolves to its root in the instrument registry",
    };

    public Option<string?> Map { get; } = new("--map") { Description = "csv: field=column list, e.g. time=ts,price=px,size=qty or time=0,open=1,high=2,low=3,close=4,volume=5" };

    public Option<string?> Timeframe { get; } = new("--timeframe") { Description = "bar length for skender/nautilus/csv bars (1m, 5m, 1d, ...)" };

    public Option<string?> Zone { get; } = new("--tz") { Description = "IANA time zone of zone-less text times (skender default America/New_York, csv default UTC)" };

    public Option<string> TimeFormat { get; } = new("--time-format") { Description = "csv time column: text, unix-ns, unix-us, unix-ms, unix-s", DefaultValueFactory = _ => "text" };

    public Option<int?> PricePrecision { get; } = new Option<int?>("--price-precision")
    {
        Description = "override the instrument registry's price decimals (default: the registry's precision of the symbol; " +
                      "a price with more decimals, or off the tick size, is reported with its line)",
    }.InRange(0, FixedPoint.MaxPrecision);

    public Option<string> Label { get; } = new("--bar-label") { Description = "csv bars: the time column is the bar 'start' or 'end'", DefaultValueFactory = _ => "start" };

    public Option<bool> NoHeader { get; } = new("--no-header") { Description = "csv: the first line is data (map columns by 0-based number)" };

    public Option<string> Policy { get; } = new("--bad-rows") { Description = "flag (keep and mark) or reject", DefaultValueFactory = _ => "flag" };

    public Option<string> Instruments { get; } = new("--instruments") { Description = "instrument registry YAML (price precision, tick size per symbol)", DefaultValueFactory = _ => EngineFactory.DefaultInstruments };

    /// <summary>Every option, to add to a command (<c>--instruments</c> only when <paramref name="withInstruments"/>: replay has its own).</summary>
    public IEnumerable<Option> All(bool withInstruments)
    {
        Option[] all = [Format, Symbol, Map, Timeframe, Zone, TimeFormat, PricePrecision, Label, NoHeader, Policy];
        return withInstruments ? [.. all, Instruments] : all;
    }

    /// <summary>The import options the command line gives, prices converted to the precision of <paramref name="instruments"/>.</summary>
    public ImportOptions Build(ParseResult result, InstrumentRegistry? instruments)
    {
        var name = result.GetValue(Format) ?? throw new ArgumentException($"--format is required: {string.Join(", ", ImportCommand.Formats.Keys)}");
        return new ImportOptions
        {
            Format = ImportCommand.Formats[name],
            Symbol = result.GetValue(Symbol),
            Map = result.GetValue(Map) is { } m ? CsvColumnMap.Parse(m) : null,
            Timeframe = result.GetValue(Timeframe) is { } tf ? Types.Timeframe.Parse(tf) : null,
            Zone = result.GetValue(Zone) is { } z ? FindZone(z) : null,
            TimeFormat = TimeFormats[result.GetValue(TimeFormat)!],
            PricePrecision = result.GetValue(PricePrecision),
            BarLabel = result.GetValue(Label) == "end" ? BarLabel.End : BarLabel.Start,
            HasHeader = !result.GetValue(NoHeader),
            Policy = result.GetValue(Policy) == "reject" ? BadRowPolicy.Reject : BadRowPolicy.Flag,
            Instruments = instruments,
        };
    }

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new ArgumentException($"--tz '{id}' is not a time zone id; expected an IANA id such as America/New_York");
}
