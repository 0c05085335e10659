using System.Globalization;
using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// The plausibility checks every trade gets after decoding, live and on import, in one place: a zero-size trade is
/// <see cref="RejectReason.ZeroSize"/>, a price outside the instrument's band is <see cref="RejectReason.PriceOutOfBand"/>
/// (<see cref="PriceBand"/>). Per symbol, array-indexed by id; single-threaded (one per ingestion loop or import):
/// a symbol's trades must all pass through the same guard, in order. Allocates nothing unless it rejects.
/// </summary>
public sealed class TradeGuard
{
    private PriceBandRule[] _rules = new PriceBandRule[16];
    private PriceBand[] _bands = new PriceBand[16];

    /// <summary>No bands (zero-size check only) until <see cref="SetRule"/>.</summary>
    public TradeGuard()
    {
    }

    /// <summary>Every instrument's band from the registry (instruments without <c>max_jump</c> have none).</summary>
    public TradeGuard(InstrumentRegistry? instruments)
    {
        if (instruments is null)
            return;
        foreach (var i in instruments.Instruments)
            SetRule(i.Id, i.PriceBand);
    }

    public void SetRule(SymbolId symbol, PriceBandRule rule)
    {
        Ensure(symbol.Value);
        _rules[symbol.Value] = rule;
    }

    public PriceBandRule RuleOf(SymbolId symbol) => (uint)symbol.Value < (uint)_rules.Length ? _rules[symbol.Value] : default;

    /// <summary>The reference price of <paramref name="symbol"/>'s band (0 before its first trade or without a band).</summary>
    public decimal ReferenceOf(SymbolId symbol) => (uint)symbol.Value < (uint)_bands.Length ? _bands[symbol.Value].Reference : 0m;

    /// <summary>
    /// Checks one trade (price already known positive) and, when the band accepts it, moves the reference.
    /// Returns <see cref="RejectReason.None"/>, <see cref="RejectReason.ZeroSize"/> or <see cref="RejectReason.PriceOutOfBand"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RejectReason Check(SymbolId symbol, long priceRaw, int pricePrecision, long sizeRaw)
    {
        if (sizeRaw == 0)
            return RejectReason.ZeroSize;
        var i = symbol.Value;
        if ((uint)i >= (uint)_rules.Length)
            Ensure(i);
        return _bands[i].Admit(in _rules[i], priceRaw, pricePrecision) ? RejectReason.None : RejectReason.PriceOutOfBand;
    }

    /// <summary>What was wrong with a rejected trade, naming the value and the expectation (cold).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Describe(RejectReason reason, SymbolId symbol, string? name, long priceRaw, int pricePrecision) => reason switch
    {
        RejectReason.ZeroSize => $"trade{(name is null ? "" : " of " + name)} at {FixedPoint.Format(priceRaw, pricePrecision)} has size 0 (zero-size trades are refused: no volume changed hands)",
        RejectReason.PriceOutOfBand => string.Create(CultureInfo.InvariantCulture,
            $"trade{(name is null ? "" : " of " + name)} at {FixedPoint.Format(priceRaw, pricePrecision)} is more than {RuleOf(symbol).MaxJumpPpm / 10_000m}% from the reference {ReferenceOf(symbol)} (max_jump; {RuleOf(symbol).ReanchorTrades} agreeing trades beyond it move the reference)"),
        _ => reason.ToString(),
    };

    private void Ensure(int i)
    {
        if (i < _rules.Length)
            return;
        var size = Math.Max(i + 1, _rules.Length * 2);
        Array.Resize(ref _rules, size);
        Array.Resize(ref _bands, size);
    }
}
