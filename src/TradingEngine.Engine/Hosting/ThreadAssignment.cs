namespace TradingEngine.Engine.Hosting;

/// <summary>
/// Where one engine thread runs and how it waits. <see cref="Pattern"/> is a thread name
/// (<c>journaler</c>, <c>publisher</c>, <c>sink</c>) or a prefix ending in <c>*</c> (<c>executor:*</c>).
/// </summary>
/// <param name="Pattern">thread name or prefix pattern</param>
/// <param name="Cpu">the CPU to pin to, or null for "let the scheduler decide"</param>
/// <param name="Wait">the ring wait strategy the thread's consumer uses</param>
/// <param name="Line">line in the profile file, for error messages</param>
public sealed record ThreadAssignment(string Pattern, int? Cpu, WaitStrategyKind Wait, int Line)
{
    public bool Matches(string threadName) =>
        Pattern.EndsWith('*')
            ? threadName.StartsWith(Pattern.AsSpan(0, Pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(Pattern, threadName, StringComparison.Ordinal);
}
