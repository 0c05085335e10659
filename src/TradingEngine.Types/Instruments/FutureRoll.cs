using System.Globalization;

namespace TradingEngine.Types;

/// <summary>
/// How a future root rolls (registry key <c>roll:</c> of a root like ES or GC): the contract months it trades in
/// (<c>months: HMUZ</c>, CME month codes), the <see cref="Rule"/> that picks the front contract, the
/// <see cref="DaysBeforeExpiry"/> of the fixed-offset rule and the <see cref="Expiry"/> rule that dates each contract.
/// Contracts of other months (GCX13 for a GJMQVZ cycle) are never the front. Used by the continuous series of
/// <c>te replay --continuous</c> (docs/rolls.md).
/// </summary>
public sealed class FutureRoll
{
    public const string MonthCodes = "FGHJKMNQUVXZ";

    public FutureRoll(string months, RollRule rule, int daysBeforeExpiry, ExpiryRule expiry)
    {
        if (months.Length == 0 || months.Any(m => !MonthCodes.Contains(m)))
            throw new ArgumentException($"months '{months}' must be CME month codes ({MonthCodes})", nameof(months));
        if (daysBeforeExpiry < 0)
            throw new ArgumentOutOfRangeException(nameof(daysBeforeExpiry), daysBeforeExpiry, "days before expiry cannot be negative");
        Months = months;
        Rule = rule;
        DaysBeforeExpiry = daysBeforeExpiry;
        Expiry = expiry;
    }

    /// <summary>The month codes of the roll cycle, like HMUZ.</summary>
    public string Months { get; }
    public RollRule Rule { get; }
    /// <summary>Business days before expiry the fixed-offset rule rolls on (0 for the other rules unless given).</summary>
    public int DaysBeforeExpiry { get; }
    public ExpiryRule Expiry { get; }

    /// <summary>True when <paramref name="month"/> (1..12) is in the roll cycle.</summary>
    public bool InCycle(int month) => (uint)(month - 1) < 12 && Months.Contains(MonthCodes[month - 1]);

    /// <summary>The last trading day of the contract of <paramref name="year"/>/<paramref name="month"/>.</summary>
    public DateOnly ExpiryOf(int year, int month) => Expiry switch
    {
        ExpiryRule.ThirdFriday => NthWeekday(year, month, DayOfWeek.Friday, 3),
        ExpiryRule.ThirdLastBusinessDay => AddBusinessDays(LastBusinessDay(year, month), -2),
        _ => AddBusinessDays(NthWeekday(year, month, DayOfWeek.Wednesday, 3), -2),
    };

    /// <summary>The first trading date the fixed-offset rule no longer keeps this contract as the front.</summary>
    public DateOnly RollDateOf(int year, int month) => AddBusinessDays(ExpiryOf(year, month), -DaysBeforeExpiry);

    /// <summary>
    /// The year and month of futures contract <paramref name="symbol"/> (ESZ13 → 2013/12; a one-digit year is the one
    /// of the decade nearest at or after <paramref name="referenceYear"/> − 1: ESH4 with 2023 → 2024).
    /// </summary>
    public static bool TryParseContractMonth(string symbol, int referenceYear, out int year, out int month)
    {
        year = month = 0;
        var i = symbol.Length - 1;
        var digits = 0;
        for (; i >= 0 && char.IsAsciiDigit(symbol[i]); i--)
            digits++;
        if (digits is < 1 or > 2 || i < 1 || !MonthCodes.Contains(symbol[i]))
            return false;
        month = MonthCodes.IndexOf(symbol[i]) + 1;
        var y = int.Parse(symbol.AsSpan(i + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        if (digits == 2)
        {
            year = 2000 + y;
            return true;
        }
        year = referenceYear - 1 - ((referenceYear - 1) % 10) + y;
        if (year < referenceYear - 1)
            year += 10;
        return true;
    }

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 7 * (n - 1));
    }

    private static DateOnly LastBusinessDay(int year, int month)
    {
        var d = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            d = d.AddDays(-1);
        return d;
    }

    /// <summary>Moves <paramref name="days"/> Monday–Friday days (negative: back); holidays count as business days.</summary>
    public static DateOnly AddBusinessDays(DateOnly date, int days)
    {
        var step = days < 0 ? -1 : 1;
        for (var left = Math.Abs(days); left > 0;)
        {
            date = date.AddDays(step);
            if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                left--;
        }
        return date;
    }

    public override string ToString() => Rule == RollRule.DaysBeforeExpiry
        ? $"months {Months}, {DaysBeforeExpiry} business days before expiry ({ExpiryText})"
        : $"months {Months}, by {(Rule == RollRule.Volume ? "volume" : "open interest")} (expiry {ExpiryText})";

    private string ExpiryText => Expiry switch
    {
        ExpiryRule.ThirdFriday => "third_friday",
        ExpiryRule.ThirdLastBusinessDay => "third_last_business_day",
        _ => "two_days_before_third_wednesday",
    };
}
