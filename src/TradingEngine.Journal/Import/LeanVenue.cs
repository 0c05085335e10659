namespace TradingEngine.Journal.Import;

/// <summary>Venue codes as <see cref="TradingEngine.Types.Tick.Venue"/> holds them: up to two ASCII bytes, first byte low.</summary>
internal static class LeanVenue
{
    public static ushort Encode(ReadOnlySpan<byte> code) => code.Length switch
    {
        0 => 0,
        1 => code[0],
        _ => (ushort)(code[0] | (code[1] << 8)),
    };

    public static string Decode(ushort venue) => venue switch
    {
        0 => "",
        < 256 => ((char)venue).ToString(),
        _ => string.Concat((char)(venue & 0xFF), (char)(venue >> 8)),
    };
}
