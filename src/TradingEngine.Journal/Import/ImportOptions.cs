using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>What <see cref="Importer"/> needs besides the files: the format and how to read it.</summary>
public sealed class ImportOptions
{
    public required ImportFormat Format { get; init; }

    /// <summary>Symbol of every event; when null it comes from each file's name (<see cref="Importer.SymbolFromFileName"/>: SPY, GCZ13, ESH4).</summary>
    public string? Symbol { get; init; }

    public BadRowPolicy Policy { get; init; } = BadRowPolicy.Flag;

    /// <summary>
    /// Price precision (decimals) overriding the instrument's. Null: the precision of the symbol's instrument in
    /// <see cref="Instruments"/>; without a registry, Lean futures 2 and CSV formats each row's own.
    /// </summary>
    public int? PricePrecision { get; init; }

    /// <summary>
    /// The instrument registry: every file's symbol (or its futures root) must be in it unless it admits unknown symbols
    /// or <see cref="PricePrecision"/> is given; prices are converted to the instrument's precision exactly, and a price
    /// with more decimals (<see cref="RowIssue.PrecisionExceeded"/>, rejected) or off its tick size
    /// (<see cref="RowIssue.OffTick"/>) is reported with its line. Its <c>max_jump</c> bands check trade prices (the
    /// same bands live ingestion applies; an instrument without one: no band). Null: no registry (the precisions
    /// above) and no band. Zero-size trades are refused either way.
    /// </summary>
    public InstrumentRegistry? Instruments { get; init; }

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
