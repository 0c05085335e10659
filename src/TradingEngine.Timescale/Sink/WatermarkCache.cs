namespace TradingEngine.Timescale.Sink;

/// <summary>The committed position of each symbol id of one feed, resolved once from the by-name map; writer thread only.</summary>
internal sealed class WatermarkCache
{
    private SinkPosition[] _positions = [];
    private bool[] _known = [];

    public bool TryGet(int symbol, out SinkPosition position)
    {
        if ((uint)symbol < (uint)_known.Length && _known[symbol])
        {
            position = _positions[symbol];
            return true;
        }
        position = default;
        return false;
    }

    public void Set(int symbol, SinkPosition position)
    {
        if (symbol >= _known.Length)
        {
            var size = Math.Max(16, Math.Max(symbol + 1, _known.Length * 2));
            Array.Resize(ref _positions, size);
            Array.Resize(ref _known, size);
        }
        _positions[symbol] = position;
        _known[symbol] = true;
    }

    public void Clear() => Array.Clear(_known);
}
