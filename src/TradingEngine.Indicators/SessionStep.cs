namespace TradingEngine.Indicators;

/// <summary>What an event's time means for the session state (see <see cref="SessionClock.Advance"/>).</summary>
internal enum SessionStep : byte
{
    /// <summary>Inside the session already running.</summary>
    Same = 0,
    /// <summary>The first event of a new session: session-anchored state resets before using it.</summary>
    NewSession = 1,
    /// <summary>Between sessions (for example US equities pre-market): the event belongs to no session.</summary>
    Outside = 2,
}
