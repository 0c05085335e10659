using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// One switch of a continuous series' front contract: from the session starting <see cref="SessionStart"/> (trading
/// date <see cref="TradingDate"/>) on, <see cref="To"/> is the front instead of <see cref="From"/>. The adjustment uses
/// both contracts' last trades of the session before (<see cref="OldRaw"/>, <see cref="NewRaw"/> at <see cref="Precision"/>).
/// </summary>
public sealed record ContractRoll(DateOnly TradingDate, long SessionStart, string From, string To, long OldRaw, long NewRaw, byte Precision, string Why)
{
    /// <summary>new − old, the points every earlier price moves by under <see cref="ContinuousAdjustment.Difference"/>.</summary>
    public Price Difference => new(NewRaw - OldRaw, Precision);

    /// <summary>new / old, the factor of every earlier price under <see cref="ContinuousAdjustment.Ratio"/>.</summary>
    public double Ratio => (double)NewRaw / OldRaw;

    public override string ToString() =>
        $"{TradingDate:yyyy-MM-dd} {From} -> {To} ({Why}; {From} {new Price(OldRaw, Precision)}, {To} {new Price(NewRaw, Precision)}, difference {Difference}, ratio {Ratio:F6})";
}
