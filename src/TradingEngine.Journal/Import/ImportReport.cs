using System.Globalization;
using System.Text;

namespace TradingEngine.Journal.Import;

/// <summary>
/// What an importer did with one input file: rows read, kept clean, kept flagged, rejected, and for every
/// <see cref="RowIssue"/> the count plus the first few examples (line number and what was wrong), so bad rows
/// are visible and never silently vanish.
/// </summary>
public sealed class ImportReport
{
    /// <summary>How many examples are kept per reason by default.</summary>
    public const int ExamplesPerIssue = 5;

    private static readonly int IssueCount = Enum.GetValues<RowIssue>().Length;

    private readonly long[] _counts = new long[IssueCount];
    private readonly List<ImportRowExample>[] _examples = new List<ImportRowExample>[IssueCount];
    private readonly int _examplesPerIssue;

    public ImportReport(string source, int examplesPerIssue = ExamplesPerIssue)
    {
        Source = source;
        _examplesPerIssue = examplesPerIssue;
        for (var i = 0; i < _examples.Length; i++)
            _examples[i] = [];
    }

    /// <summary>The input's name as users see it (the file path, or the zip path and entry).</summary>
    public string Source { get; }

    /// <summary>Data rows read (header and blank lines excluded).</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Rows passed on without any objection.</summary>
    public long Clean { get; internal set; }

    /// <summary>Rows passed on with a flag (policy <see cref="BadRowPolicy.Flag"/>).</summary>
    public long Flagged { get; internal set; }

    /// <summary>Rows dropped (malformed rows, or any bad row under <see cref="BadRowPolicy.Reject"/>).</summary>
    public long Rejected { get; internal set; }

    /// <summary>Rows passed on (clean + flagged).</summary>
    public long Accepted => Clean + Flagged;

    public long Count(RowIssue issue) => _counts[(int)issue];

    /// <summary>The first few (<see cref="ExamplesPerIssue"/> by default) rows with <paramref name="issue"/>, in file order.</summary>
    public IReadOnlyList<ImportRowExample> Examples(RowIssue issue) => _examples[(int)issue];

    /// <summary>Every issue seen, with its count, in enum order.</summary>
    public IEnumerable<(RowIssue Issue, long Count)> Issues()
    {
        for (var i = 1; i < _counts.Length; i++)
            if (_counts[i] != 0)
                yield return ((RowIssue)i, _counts[i]);
    }

    internal void Record(RowIssue issue, long line, string detail)
    {
        var i = (int)issue;
        _counts[i]++;
        if (_examples[i].Count < _examplesPerIssue)
            _examples[i].Add(new ImportRowExample(line, detail));
    }

    /// <summary>True when <see cref="Record"/> would keep another example of <paramref name="issue"/> (so the detail text is worth building).</summary>
    internal bool WantsExample(RowIssue issue) => _examples[(int)issue].Count < _examplesPerIssue;

    /// <summary>Adds the counts of <paramref name="other"/> (examples too, up to the cap), for a total over many files.</summary>
    public void Add(ImportReport other)
    {
        RowsRead += other.RowsRead;
        Clean += other.Clean;
        Flagged += other.Flagged;
        Rejected += other.Rejected;
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
            foreach (var example in other._examples[i])
                if (_examples[i].Count < _examplesPerIssue)
                    _examples[i].Add(example with { Detail = $"{other.Source}: {example.Detail}" });
        }
    }

    /// <summary>One paragraph per file: totals, then one line per issue with its first line numbers and an example.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"{Source}: {RowsRead} rows, {Clean} clean, {Flagged} flagged, {Rejected} rejected");
        foreach (var (issue, count) in Issues())
        {
            var examples = _examples[(int)issue];
            sb.AppendLine();
            sb.Append(CultureInfo.InvariantCulture, $"  {IssueName(issue)}: {count} (lines ");
            sb.AppendJoin(", ", examples.Select(e => e.Line.ToString(CultureInfo.InvariantCulture)));
            if (count > examples.Count)
                sb.Append(", ...");
            sb.Append(CultureInfo.InvariantCulture, $"); e.g. line {examples[0].Line}: {examples[0].Detail}");
        }
        return sb.ToString();
    }

    /// <summary>The kebab-case name used in reports and on the command line (<c>zero-size</c>).</summary>
    public static string IssueName(RowIssue issue) => issue switch
    {
        RowIssue.None => "none",
        RowIssue.Malformed => "malformed",
        RowIssue.Suspicious => "suspicious",
        RowIssue.ZeroSize => "zero-size",
        RowIssue.NegativeSize => "negative-size",
        RowIssue.NonPositivePrice => "non-positive-price",
        RowIssue.InconsistentOhlc => "inconsistent-ohlc",
        RowIssue.OutOfOrder => "out-of-order",
        RowIssue.MissingValue => "missing-value",
        RowIssue.PrecisionExceeded => "precision-exceeded",
        RowIssue.PriceOutOfBand => "price-out-of-band",
        RowIssue.OffTick => "off-tick",
        _ => issue.ToString(),
    };
}
