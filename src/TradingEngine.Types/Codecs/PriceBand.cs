using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// One symbol's trade-price plausibility state under a <see cref="PriceBandRule"/>: a trade more than
/// <c>max_jump</c> from the <see cref="Reference"/> price is out of band (<see cref="RejectReason.PriceOutOfBand"/>).
/// <para>The reference is the last accepted trade (the first trade seen sets it). A real gap (an opening gap, a limit
/// move) must not lock the symbol, so it re-anchors: out-of-band trades are remembered as a candidate run, each one
/// extending the run when it is within the band of the previous one; the <c>reanchor_trades</c>-th trade of a run is
/// accepted and becomes the reference (the earlier ones of the run stay rejected). A trade back inside the band ends
/// the run. So a single bad print (9e14 on SPY) is rejected and forgotten, while a gapped open costs
/// <c>reanchor_trades − 1</c> rejected trades, each dead-lettered and counted.</para>
/// <para>A pure function of the sequence of trades it is shown, integer arithmetic only (prices compared exactly at
/// 9 decimals): the NATS ingestion stage and the importers call this one implementation (through
/// <see cref="TradeGuard"/>), and the journal holds only the trades it accepted, so a replay of the journal sees the
/// same decisions without running it again.</para>
/// </summary>
internal struct PriceBand
{
    private Int128 _reference;   // at 9 decimals; 0: none yet
    private Int128 _candidate;   // last out-of-band trade of the current run
    private int _run;            // length of the run of agreeing out-of-band trades

    /// <summary>The reference price at 9 decimals (0 before the first trade).</summary>
    public readonly Int128 ReferenceNanos => _reference;

    /// <summary>The reference price, for messages (cold).</summary>
    public readonly decimal Reference => (decimal)_reference / 1_000_000_000m;

    /// <summary>
    /// True when a trade at <paramref name="priceRaw"/> / 10^<paramref name="precision"/> is accepted (and moves the
    /// reference); false when it is out of band. <paramref name="priceRaw"/> must be positive.
    /// </summary>
    public bool Admit(in PriceBandRule rule, long priceRaw, int precision)
    {
        if (!rule.IsEnabled)
            return true;
        var price = (Int128)priceRaw * FixedPoint.Pow10(FixedPoint.MaxPrecision - precision);
        if (_reference == 0 || Within(price, _reference, rule.MaxJumpPpm))
        {
            _reference = price;
            _run = 0;
            return true;
        }
        return OutOfBand(in rule, price);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OutOfBand(in PriceBandRule rule, Int128 price)
    {
        _run = _run > 0 && Within(price, _candidate, rule.MaxJumpPpm) ? _run + 1 : 1;
        _candidate = price;
        if (_run < rule.ReanchorTrades)
            return false;
        _reference = price;
        _run = 0;
        return true;
    }

    /// <summary>|price − reference| ≤ reference × ppm / 10^6, exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Within(Int128 price, Int128 reference, int ppm) =>
        Int128.Abs(price - reference) * 1_000_000 <= reference * ppm;
}
