using System.Collections;
using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Streams the rows of one market-data file as structs, one reused line buffer, whatever the file size.
/// Read with <see cref="TryRead"/> or <c>foreach</c> (a struct enumerator, no allocation per row). Rows a validator
/// objects to follow the <see cref="Policy"/> and are counted by reason in <see cref="Report"/>; malformed rows are
/// always rejected. A reader is single-use and owns its stream unless told otherwise.
/// </summary>
public abstract class MarketDataFileReader<T> : IEnumerable<T>, IDisposable where T : struct
{
    private readonly AsciiLineReader _lines;
    private readonly IDisposable? _owner;
    private readonly int _headerLines;
    private bool _headerDone;
    private long _lastTime = long.MinValue;
    private string? _malformedDetail;

    protected MarketDataFileReader(Stream stream, string source, BadRowPolicy policy, int headerLines, bool leaveOpen, IDisposable? owner)
    {
        _lines = new AsciiLineReader(stream, source, leaveOpen);
        _owner = owner;
        _headerLines = headerLines;
        Policy = policy;
        Source = source;
        Report = new ImportReport(source);
    }

    /// <summary>Keeps the line of every bad row in <see cref="Report"/> (not just the first few): for validator tests and audits.</summary>
    public bool KeepEveryBadLine
    {
        init => Report = new ImportReport(Source, value ? int.MaxValue : ImportReport.ExamplesPerIssue);
    }

    public string Source { get; }

    public BadRowPolicy Policy { get; }

    /// <summary>Counts so far; complete once <see cref="TryRead"/> has returned false.</summary>
    public ImportReport Report { get; private set; }

    /// <summary>
    /// When true (the default), a row whose time is before the previous row's is a <see cref="RowIssue.OutOfOrder"/> bad
    /// row: the report then names the rows where the file jumps back, not every row of a displaced block.
    /// </summary>
    public bool CheckOrder { get; init; } = true;

    /// <summary>
    /// The instrument's tick size as a raw value at the precision this reader writes prices with; when above 1, a price
    /// (trade, bid, ask, open, high, low, close) that is not a multiple of it is a <see cref="RowIssue.OffTick"/> bad row.
    /// 0 (the default): not checked.
    /// </summary>
    public long TickRaw { get; set; }

    /// <summary>Reads the next accepted row; false at the end of the file.</summary>
    public bool TryRead(out T value)
    {
        if (!_headerDone)
            ReadHeader();
        while (_lines.TryReadLine(out var line))
        {
            if (line.IsEmpty)
                continue;
            Report.RowsRead++;
            var issue = ParseRow(line, out value);
            if (issue == RowIssue.None && TickRaw > 1 && !IsOnTick(in value, TickRaw))
                issue = Issue(RowIssue.OffTick, $"a price off the tick size ({TickRaw} raw units)");
            if (CheckOrder && issue is not (RowIssue.Malformed or RowIssue.MissingValue or RowIssue.PrecisionExceeded))
            {
                var time = OrderingTime(in value);
                if (issue == RowIssue.None && time < _lastTime)
                    issue = RowIssue.OutOfOrder;
                _lastTime = time;
            }
            if (issue == RowIssue.None)
            {
                Report.Clean++;
                return true;
            }
            if (Keep(issue, line, ref value))
                return true;
        }
        value = default;
        return false;
    }

    private static bool IsOnTick(in T value, long tick)
    {
        if (typeof(T) == typeof(Tick))
        {
            ref readonly var t = ref Unsafe.As<T, Tick>(ref Unsafe.AsRef(in value));
            return t.PriceRaw % tick == 0;
        }
        if (typeof(T) == typeof(Quote))
        {
            ref readonly var q = ref Unsafe.As<T, Quote>(ref Unsafe.AsRef(in value));
            return q.BidRaw % tick == 0 && q.AskRaw % tick == 0;
        }
        if (typeof(T) == typeof(Candle))
        {
            ref readonly var c = ref Unsafe.As<T, Candle>(ref Unsafe.AsRef(in value));
            return c.OpenRaw % tick == 0 && c.HighRaw % tick == 0 && c.LowRaw % tick == 0 && c.CloseRaw % tick == 0;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Keep(RowIssue issue, ReadOnlySpan<byte> line, ref T value)
    {
        if (Report.WantsExample(issue))
        {
            var detail = _malformedDetail is not null
                ? $"{_malformedDetail} in '{AsciiNumber.Describe(line)}'"
                : AsciiNumber.Describe(line);
            Report.Record(issue, _lines.LineNumber, detail);
        }
        else
        {
            Report.Record(issue, _lines.LineNumber, "");
        }
        _malformedDetail = null;
        if (AlwaysRejected(issue) || Policy == BadRowPolicy.Reject)
        {
            Report.Rejected++;
            return false;
        }
        MarkFlagged(ref value);
        Report.Flagged++;
        return true;
    }

    private void ReadHeader()
    {
        _headerDone = true;
        for (var i = 0; i < _headerLines; i++)
        {
            if (!_lines.TryReadLine(out var header))
                return;
            OnHeader(header);
        }
    }

    /// <summary>Issues whose rows are dropped whatever the policy: nothing exact to keep (malformed, missing, too precise), or, for trades, what live ingestion refuses.</summary>
    private protected virtual bool AlwaysRejected(RowIssue issue) =>
        issue is RowIssue.Malformed or RowIssue.MissingValue or RowIssue.PrecisionExceeded;

    /// <summary>The 1-based line number of the row being parsed (for error messages).</summary>
    protected long LineNumber => _lines.LineNumber;

    /// <summary>Parses one data row. Returns <see cref="RowIssue.None"/> or the first objection; on <see cref="RowIssue.Malformed"/> the value is ignored.</summary>
    protected abstract RowIssue ParseRow(ReadOnlySpan<byte> line, out T value);

    /// <summary>Marks a row kept under <see cref="BadRowPolicy.Flag"/>.</summary>
    protected abstract void MarkFlagged(ref T value);

    /// <summary>The time rows must not go back on (event time, bar open time).</summary>
    protected abstract long OrderingTime(in T value);

    /// <summary>Receives each header line (the count given to the constructor) before the first row.</summary>
    protected virtual void OnHeader(ReadOnlySpan<byte> header)
    {
    }

    /// <summary>Returns <see cref="RowIssue.Malformed"/> and remembers why, for the report (cold path only).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected RowIssue Malformed(string why)
    {
        _malformedDetail = why;
        return RowIssue.Malformed;
    }

    /// <summary>Field <paramref name="index"/> (0-based) is not what <paramref name="expected"/> says; an empty field is <see cref="RowIssue.MissingValue"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected RowIssue Malformed(int index, ReadOnlySpan<byte> field, string expected)
    {
        _malformedDetail = $"field {index + 1} '{AsciiNumber.Text(field)}' is not {expected}";
        return field.IsEmpty ? RowIssue.MissingValue : RowIssue.Malformed;
    }

    /// <summary>
    /// A numeric field that did not parse: empty is <see cref="RowIssue.MissingValue"/>, a well-formed number that
    /// cannot be held exactly (too many decimals, too large) is <see cref="RowIssue.PrecisionExceeded"/>, anything
    /// else <see cref="RowIssue.Malformed"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected RowIssue NotANumber(int index, ReadOnlySpan<byte> field, string expected)
    {
        var issue = Malformed(index, field, expected);
        return issue == RowIssue.Malformed && AsciiNumber.LooksNumeric(field) ? RowIssue.PrecisionExceeded : issue;
    }

    /// <summary>A row-level issue with a reason for the report (cold path only).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected RowIssue Issue(RowIssue issue, string why)
    {
        _malformedDetail = why;
        return issue;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => new BoxedEnumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => new BoxedEnumerator(this);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        _lines.Dispose();
        _owner?.Dispose();
    }

    /// <summary>Allocation-free <c>foreach</c>.</summary>
    public struct Enumerator
    {
        private readonly MarketDataFileReader<T> _reader;
        private T _current;

        internal Enumerator(MarketDataFileReader<T> reader)
        {
            _reader = reader;
            _current = default;
        }

        public readonly T Current => _current;

        public bool MoveNext() => _reader.TryRead(out _current);
    }

    private sealed class BoxedEnumerator(MarketDataFileReader<T> reader) : IEnumerator<T>
    {
        private T _current;

        public T Current => _current;

        object IEnumerator.Current => _current;

        public bool MoveNext() => reader.TryRead(out _current);

        public void Reset() => throw new NotSupportedException("a market-data file reader streams once");

        public void Dispose()
        {
        }
    }
}
