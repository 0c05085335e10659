using System.Globalization;

namespace TradingEngine.Types;

/// <summary>
/// An instrument's price plausibility band (<c>max_jump</c> and <c>reanchor_trades</c> in the instrument registry):
/// a trade further than <see cref="MaxJumpPpm"/> (parts per million) from the reference price is out of band, and
/// <see cref="ReanchorTrades"/> consecutive out-of-band trades that agree with each other move the reference (a real
/// gap). <see cref="PriceBand"/> applies it; the default value means no band.
/// </summary>
public readonly record struct PriceBandRule
{
    /// <summary>Consecutive agreeing trades beyond the band that re-anchor it when the registry does not say.</summary>
    public const int DefaultReanchorTrades = 3;

    public PriceBandRule(int maxJumpPpm, int reanchorTrades = DefaultReanchorTrades)
    {
        if (maxJumpPpm <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxJumpPpm), maxJumpPpm, "max_jump must be positive");
        if (reanchorTrades < 2)
            throw new ArgumentOutOfRangeException(nameof(reanchorTrades), reanchorTrades, "reanchor_trades must be at least 2 (1 would accept every jump)");
        MaxJumpPpm = maxJumpPpm;
        ReanchorTrades = reanchorTrades;
    }

    /// <summary>The widest accepted move from the reference, in parts per million of it (10 % = 100,000); 0: no band.</summary>
    public int MaxJumpPpm { get; }

    /// <summary>How many consecutive out-of-band trades, each within the band of the one before, move the reference.</summary>
    public int ReanchorTrades { get; }

    public bool IsEnabled => MaxJumpPpm > 0;

    /// <summary>Parses a percentage like <c>10%</c> or <c>2.5%</c> (the only form: a bare number would be ambiguous).</summary>
    public static bool TryParseMaxJump(string text, out int ppm)
    {
        ppm = 0;
        var t = text.Trim();
        if (!t.EndsWith('%'))
            return false;
        if (!decimal.TryParse(t[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            return false;
        if (percent > 10_000m) // at most 10,000% (100,000,000 ppm); checked before the product, which overflows decimal for long digit strings
            return false;
        var value = percent * 10_000m;
        if (value != decimal.Truncate(value) || value <= 0)
            return false;
        ppm = (int)value;
        return true;
    }

    public override string ToString() => IsEnabled
        ? string.Create(CultureInfo.InvariantCulture, $"max_jump {MaxJumpPpm / 10_000m}% reanchor {ReanchorTrades}")
        : "no band";
}
