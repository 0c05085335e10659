namespace TradingEngine.Types;

/// <summary>How a future root's front contract is chosen from one session to the next (registry key <c>roll: rule:</c>).</summary>
public enum RollRule : byte
{
    /// <summary><c>volume</c>: roll to a later contract once it traded more than the front in the previous session.</summary>
    Volume = 0,
    /// <summary><c>open_interest</c>: roll to a later contract once its open interest of the previous session exceeds the front's.</summary>
    OpenInterest = 1,
    /// <summary><c>days_before_expiry</c>: roll a fixed number of business days before the front's expiry.</summary>
    DaysBeforeExpiry = 2,
}
