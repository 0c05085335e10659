namespace TradingEngine.Types;

/// <summary>The last trading day of a contract month (registry key <c>roll: expiry:</c>); exchange holidays are not moved around.</summary>
public enum ExpiryRule : byte
{
    /// <summary><c>third_friday</c>: CME equity index futures (ES, NQ).</summary>
    ThirdFriday = 0,
    /// <summary><c>third_last_business_day</c>: COMEX metals (GC).</summary>
    ThirdLastBusinessDay = 1,
    /// <summary><c>two_days_before_third_wednesday</c>: CME currency futures (6E), two business days before the third Wednesday.</summary>
    TwoDaysBeforeThirdWednesday = 2,
}
