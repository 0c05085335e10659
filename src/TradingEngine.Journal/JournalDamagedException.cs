namespace TradingEngine.Journal;

/// <summary>
/// A journal holds damage that must not be passed over silently: <see cref="JournalWriter.Open"/> met a bad frame that
/// is not a torn tail, or a replay met one. An <see cref="IOException"/>, so every command reports it as an input error
/// (exit 2) with its message, which names the segment, frame and byte offset and says what to run next.
/// </summary>
public sealed class JournalDamagedException(string message, JournalDamage damage) : IOException(message)
{
    public JournalDamage Damage { get; } = damage;
}
