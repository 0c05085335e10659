namespace TradingEngine.Ring;

/// <summary>
/// The one padding constant of the ring: every value written by one thread and read by others
/// (cursor, consumer sequences, producer-local claim state, waiter counts) sits this many bytes away
/// from any other field, so two cores never fight over one cache line (false sharing).
/// </summary>
internal static class Padding
{
    /// <summary>Bytes of padding on each side of a hot value: one 64-byte x86/ARM cache line.</summary>
    public const int CacheLine = 64;
}
