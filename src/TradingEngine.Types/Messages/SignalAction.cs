namespace TradingEngine.Types;

/// <summary>What a trade signal asks for.</summary>
public enum SignalAction : byte
{
    None = 0,
    Entry = 1,
    Exit = 2,
    /// <summary>Place or move the protective stop.</summary>
    Stop = 3,
}
