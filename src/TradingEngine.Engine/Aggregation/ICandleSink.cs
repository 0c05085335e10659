using TradingEngine.Types;

namespace TradingEngine.Engine.Aggregation;

/// <summary>
/// Receives what one aggregator call did, per bar specification index. Implement it with a struct and pass it
/// by <c>ref</c> as the generic argument of <see cref="CandleAggregator"/>'s methods: the JIT then specialises
/// the call and inlines it, so reporting costs no virtual call.
/// <para>
/// Order within one call: specs in index order; for one spec, first <see cref="OnCandleClosed"/> for every
/// candle the event finished (oldest first, synthetic ones included), then at most one
/// <see cref="OnCandleUpdated"/> for the candle still forming after the event. The <c>in</c> candle is the
/// aggregator's own storage: read it during the call, copy it to keep it.
/// </para>
/// </summary>
public interface ICandleSink
{
    /// <summary>The forming candle of <paramref name="spec"/> took in the event (flags without Closed).</summary>
    void OnCandleUpdated(int spec, in Candle candle);

    /// <summary>A candle of <paramref name="spec"/> is final (flags include Closed).</summary>
    void OnCandleClosed(int spec, in Candle candle);
}
