namespace TradingEngine.Journal.Import;

/// <summary>Splits a row into up to <see cref="MaxFields"/> field ranges on the stack, for readers that pick columns by index.</summary>
internal static class CsvRow
{
    public const int MaxFields = 64;

    /// <summary>
    /// The highest column index a reader's column map uses; a header column past <see cref="MaxFields"/> is a property
    /// of the file, like a missing column: the FormatException te import reports (it was an ArgumentException, found by
    /// fuzzing: regressions/es-trades-bbo).
    /// </summary>
    public static int LastColumn(Dictionary<string, int> columns, string source)
    {
        var last = columns.Values.Max();
        if (last >= MaxFields)
            throw new FormatException($"{source}:1: column {last} is beyond the {MaxFields} columns a row may have");
        return last;
    }

    /// <summary>Fills <paramref name="fields"/>; returns the field count (−1 when the row has more than the span holds).</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            if (count == fields.Length)
                return -1;
            var comma = line[start..].IndexOf((byte)',');
            if (comma < 0)
            {
                fields[count++] = TrimQuotes(line, start, line.Length);
                return count;
            }
            fields[count++] = TrimQuotes(line, start, start + comma);
            start += comma + 1;
        }
    }

    private static Range TrimQuotes(ReadOnlySpan<byte> line, int start, int end)
    {
        while (start < end && line[start] == (byte)' ') start++;
        while (end > start && line[end - 1] == (byte)' ') end--;
        if (end - start >= 2 && line[start] == (byte)'"' && line[end - 1] == (byte)'"')
            return new Range(start + 1, end - 1);
        return new Range(start, end);
    }
}
