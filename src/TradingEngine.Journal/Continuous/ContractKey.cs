using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>A contract of a future root by its delivery month (2013-12 for ESZ13, whatever the vendor's spelling).</summary>
public readonly record struct ContractKey(int Year, int Month) : IComparable<ContractKey>
{
    public int CompareTo(ContractKey other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public static bool operator <(ContractKey a, ContractKey b) => a.CompareTo(b) < 0;
    public static bool operator >(ContractKey a, ContractKey b) => a.CompareTo(b) > 0;
    public static bool operator <=(ContractKey a, ContractKey b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ContractKey a, ContractKey b) => a.CompareTo(b) >= 0;

    /// <summary>The contract's symbol in the registry's spelling: ES + 2013-12 → ESZ13.</summary>
    public string Symbol(string root) => $"{root}{FutureRoll.MonthCodes[Month - 1]}{Year % 100:00}";

    /// <summary>
    /// The nearest contract of <paramref name="roll"/>'s cycle that is still the front on <paramref name="tradingDate"/> by the
    /// calendar alone: its roll date (fixed-offset rule) or expiry (the other rules) is after that date. Needs no data, so
    /// a live run and a replay start from the same contract.
    /// </summary>
    public static ContractKey CalendarFront(FutureRoll roll, DateOnly tradingDate)
    {
        var (year, month) = (tradingDate.Year, tradingDate.Month);
        for (var i = 0; i < 36; i++, month++)
        {
            if (month > 12)
            {
                month = 1;
                year++;
            }
            if (!roll.InCycle(month))
                continue;
            var last = roll.Rule == RollRule.DaysBeforeExpiry ? roll.RollDateOf(year, month) : roll.ExpiryOf(year, month).AddDays(1);
            if (last > tradingDate)
                return new ContractKey(year, month);
        }
        throw new InvalidOperationException($"no contract of cycle {roll.Months} after {tradingDate}");
    }

    public override string ToString() => $"{Year:0000}-{Month:00}";
}
