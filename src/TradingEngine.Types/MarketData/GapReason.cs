namespace TradingEngine.Types;

public enum GapReason : byte
{
    Unknown = 0,
    /// <summary>The NATS client dropped messages (slow consumer).</summary>
    SlowConsumer = 1,
    /// <summary>A sequence number jumped (JetStream, journal).</summary>
    SequenceGap = 2,
    /// <summary>The connection to the server was lost and re-established.</summary>
    Reconnect = 3,
    /// <summary>
    /// <c>te journal repair</c> salvaged a damaged journal: the events of a bad region are gone. Journaled in place of
    /// them (one gap event standing for <see cref="GapEvent.LostCount"/> journal sequences), never sent live.
    /// </summary>
    JournalHole = 4,
    /// <summary>
    /// Not lost input: a futures series switched its front contract here (<c>te replay --continuous</c>; docs/rolls.md).
    /// Nodes that read <c>gaps</c> see it before the first event of the new contract and decide what their state does
    /// at the roll; <see cref="GapEvent.LostCount"/> is 0.
    /// </summary>
    ContractRoll = 5,
}
