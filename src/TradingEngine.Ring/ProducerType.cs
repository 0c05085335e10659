namespace TradingEngine.Ring;

/// <summary>How many threads publish into a ring.</summary>
public enum ProducerType
{
    /// <summary>Exactly one publishing thread (one ring per symbol): no atomic instruction on the claim/publish path.</summary>
    Single,

    /// <summary>Several publishing threads (several ingestion connections feeding one ring): claims use an atomic add.</summary>
    Multi,
}
