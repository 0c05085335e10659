namespace TradingEngine.Journal.Format;

/// <summary>The low 3 bits of a record's first byte. 1–5 are <see cref="TradingEngine.Types.MarketEventKind"/> values.</summary>
internal static class RecordKind
{
    public const int Tick = 1;
    public const int Quote = 2;
    public const int Candle = 3;
    public const int Timer = 4;
    public const int Gap = 5;
    /// <summary>Names a symbol id for the rest of the segment: <c>varint id, varint byte count, UTF-8 name</c>.</summary>
    public const int SymbolDefinition = 6;
    /// <summary>The next event's source sequence is not previous + 1: <c>zigzag varint (source − (previous + 1))</c>.</summary>
    public const int SourceSequenceJump = 7;
    public const int Mask = 7;
}
