namespace TradingEngine.Journal.Import;

/// <summary>Splits one CSV row into fields without allocating. No quoting: none of the market-data formats we read quote fields.</summary>
internal ref struct AsciiFields
{
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    public AsciiFields(ReadOnlySpan<byte> line, byte separator = (byte)',')
    {
        _rest = line;
        Separator = separator;
        Index = -1;
    }

    public byte Separator { get; }

    /// <summary>0-based index of the field last returned.</summary>
    public int Index { get; private set; }

    public bool TryNext(out ReadOnlySpan<byte> field)
    {
        if (_done)
        {
            field = default;
            return false;
        }
        Index++;
        var comma = _rest.IndexOf(Separator);
        if (comma < 0)
        {
            field = _rest;
            _done = true;
            return true;
        }
        field = _rest[..comma];
        _rest = _rest[(comma + 1)..];
        return true;
    }

    /// <summary>True when every field has been returned.</summary>
    public readonly bool AtEnd => _done;

    /// <summary>Counts the fields of a row (a row with no separator has one field).</summary>
    public static int Count(ReadOnlySpan<byte> line, byte separator = (byte)',') => line.Count(separator) + 1;
}
