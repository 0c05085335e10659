namespace TradingEngine.Journal.Import;

/// <summary>Splits a row into up to <see cref="MaxFields"/> field ranges on the stack, for readers that pick columns by index.</summary>
internal static class CsvRow
{
    public const int MaxFields = 64;

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
