using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>What <see cref="Importer"/> needs besides the files: the format and how to read it.</summary>
public sealed class ImportOptions
{
    public required ImportFormat Format { get; init; }

    /// <summary>Symbol of every event; when null it comes from each file's name (Lean: <c>SPY</c>, <c>GC201312</c>; others: the file name).</summary>
    public string? Symbol { get; init; }

    public BadRowPolicy Policy { get; init; } = BadRowPolicy.Flag;

    /// <summary>
    /// The registry whose <c>max_jump</c> bands check trade prices, looked up by each file's symbol (the same bands
    /// live ingestion applies); null or an unlisted symbol: no band. Zero-size trades are refused either way.
    /// </summary>
    public InstrumentRegistry? Instruments { get; init; }

    /// <summary>Fixed price precision (decimals). Lean futures default 2; CSV formats keep each row's own precision when null.</summary>
    public int? PricePrecision { get; init; }

    /// <summary>Bar length for Skender, Nautilus and CSV bars (Skender default 1d, Nautilus default 1m).</summary>
    public Timeframe? Timeframe { get; init; }

    /// <summary>Zone of zone-less text times (Skender default America/New_York, CSV default UTC).</summary>
    public TimeZoneInfo? Zone { get; init; }

    /// <summary>For <see cref="ImportFormat.Csv"/>: which column holds which field.</summary>
    public CsvColumnMap? Map { get; init; }

    public CsvTimeFormat TimeFormat { get; init; } = CsvTimeFormat.Text;

    /// <summary>For CSV bars: whether the time column is the bar's start (default) or end.</summary>
    public BarLabel BarLabel { get; init; } = BarLabel.Start;

    /// <summary>For <see cref="ImportFormat.Csv"/>: whether the first line is a header.</summary>
    public bool HasHeader { get; init; } = true;
}
