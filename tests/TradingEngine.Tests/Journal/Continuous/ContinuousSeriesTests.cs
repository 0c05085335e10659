using CsCheck;
using TradingEngine.Journal.Continuous;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal.Continuous;

/// <summary>
/// Roll mechanics on generated contract series with a known crossover (issue 27, item 2): which session rolls, the
/// adjustment, the roll event, and every event left out counted by reason.
/// </summary>
public sealed class ContinuousSeriesTests
{
    private static readonly string Instruments = Path.Combine(TestData.RepositoryRoot(), "pipelines/instruments.yaml");

    // 17:00 Chicago on 2013-12-01 (Sunday) is 23:00 UTC: the CME session of trading date 2013-12-02
    private static readonly long FirstSession = UtcNanos.FromDateTime(new DateTime(2013, 12, 1, 23, 0, 0, DateTimeKind.Utc));
    private static readonly long Day = TimeSpan.FromDays(1).Ticks * 100;
    private static readonly long Minute = TimeSpan.FromMinutes(1).Ticks * 100;

    internal sealed record Print(string Contract, int Session, int Minute, long PriceRaw, long Size, byte Precision = 2);

    /// <summary>Ticks of each contract, in time order across contracts, as a recorded journal holds them.</summary>
    internal static List<MarketEvent> Events(SymbolRegistry symbols, IEnumerable<Print> prints) =>
        prints.OrderBy(p => p.Session).ThenBy(p => p.Minute).ThenBy(p => p.Contract, StringComparer.Ordinal)
            .Select(p => MarketEvent.FromTick(Tick.Create(symbols.GetOrAdd(p.Contract), FirstSession + p.Session * Day + (60 + p.Minute) * Minute,
                new Price(p.PriceRaw, p.Precision), new Quantity(p.Size, 0))))
            .ToList();

    internal static (ContractActivity, RollSchedule, ContinuousSeries, List<MarketEvent> Out) Run(InstrumentRegistry registry, SymbolRegistry symbols,
        List<MarketEvent> input, ContinuousAdjustment adjustment, OpenInterestTable? oi = null)
    {
        var root = registry["ES"];
        var activity = new ContractActivity(root, symbols);
        foreach (var e in input)
            activity.Observe(in e);
        var schedule = RollSchedule.Build(activity, oi);
        var series = new ContinuousSeries(activity, schedule, adjustment, root.Id, symbols);
        var i = 0;
        var output = new List<MarketEvent>();
        while (series.TryNext((out MarketEvent e) =>
               {
                   if (i < input.Count)
                   {
                       e = input[i++];
                       return true;
                   }
                   e = default;
                   return false;
               }, out var next))
            output.Add(next);
        return (activity, schedule, series, output);
    }

    /// <summary>ESZ13's volume falls by 100 a session from 1000, ESH14's rises by 100 from 0; ESH14 trades 5.00 above ESZ13.</summary>
    private static List<Print> Crossover()
    {
        var prints = new List<Print>();
        for (var s = 0; s < 10; s++)
        {
            for (var m = 0; m < 4; m++)
            {
                var z = 170_000 + s * 100 + m * 25;
                prints.Add(new Print("ESZ13", s, m, z, (1000 - 100 * s) / 4));
                prints.Add(new Print("ESH14", s, m, z + 500, 100 * s / 4));
            }
        }
        return prints;
    }

    [Fact]
    public void Volume_crossover_rolls_in_the_session_after_the_later_contract_traded_more()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(Instruments, symbols);
        var input = Events(symbols, Crossover());
        var (_, schedule, series, output) = Run(registry, symbols, input, ContinuousAdjustment.Difference);

        // session 6: ESH14 600 > ESZ13 400, so session 7 (trading date 2013-12-09, a Monday as the generator counts
        // calendar days) is ESH14's; session 5 (500 = 500) did not roll
        var roll = Assert.Single(schedule.Rolls);
        Assert.Equal(("ESZ13", "ESH14"), (roll.From, roll.To));
        Assert.Equal(new DateOnly(2013, 12, 9), roll.TradingDate);
        Assert.Equal(Price.Parse("5.00"), roll.Difference);
        Assert.Contains("volume 600 > 400", roll.Why);

        var rollAt = output.FindIndex(e => e.Kind == MarketEventKind.Gap);
        Assert.Equal(7 * 4, rollAt); // after the 28 ESZ13 ticks of sessions 0..6
        Assert.Equal(GapReason.ContractRoll, output[rollAt].Gap.Reason);
        Assert.Equal(registry["ES"].Id, output[rollAt].Symbol);
        Assert.Equal(output[rollAt + 1].EventTime, output[rollAt].EventTime);
        Assert.Single(output, e => e.Kind == MarketEventKind.Gap);
        // back-adjusted by difference: ESZ13 prices moved up 5.00, ESH14's kept; no jump across the roll
        Assert.Equal(170_000 + 500, output[0].Tick.PriceRaw);
        Assert.Equal(170_000 + 700 + 500, output[rollAt + 1].Tick.PriceRaw);
        Assert.All(output, e => Assert.Equal(registry["ES"].Id, e.Symbol));
        // every input event is on the series or counted: 40 of each contract, 28 + 12 kept
        Assert.Equal(40, series.Mapped);
        Assert.Equal(40, series.DroppedCount(ContinuousDrop.NotFront));
        Assert.Equal(1, series.RollsEmitted);
    }

    [Fact]
    public void Ratio_and_unadjusted_series_keep_returns_and_raw_prices()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(Instruments, symbols);
        var input = Events(symbols, Crossover());
        var (_, schedule, _, ratio) = Run(registry, symbols, input, ContinuousAdjustment.Ratio);
        var factor = (170_600 + 75 + 500) / (double)(170_600 + 75);
        Assert.Equal(factor, schedule.Rolls[0].Ratio, 12);
        Assert.Equal((long)Math.Round(170_000 * factor, MidpointRounding.AwayFromZero), ratio[0].Tick.PriceRaw);
        var (_, _, _, none) = Run(registry, symbols, input, ContinuousAdjustment.None);
        Assert.Equal(170_000, none[0].Tick.PriceRaw);
        Assert.Equal(ratio.Count, none.Count);
    }

    [Fact]
    public void Days_before_expiry_rolls_on_the_calendar_and_waits_when_the_new_contract_did_not_trade()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Parse(File.ReadAllText(Instruments).Replace(
            "      rule: volume\n      expiry: third_friday", "      rule: days_before_expiry\n      days_before_expiry: 8\n      expiry: third_friday"), "instruments.yaml", symbols);
        Assert.Equal(RollRule.DaysBeforeExpiry, registry["ES"].Roll!.Rule);
        // ESZ13 expires Friday 2013-12-20; 8 business days before is Tuesday 2013-12-10 (session 8 of trading date 12-10)
        Assert.Equal(new DateOnly(2013, 12, 10), registry["ES"].Roll!.RollDateOf(2013, 12));
        var prints = Crossover().Where(p => !(p.Contract == "ESH14" && p.Session == 7)).ToList();
        var (_, schedule, series, _) = Run(registry, symbols, Events(symbols, prints), ContinuousAdjustment.Difference);
        // the generator's session s has trading date 2013-12-02 + s: 12-10 is session 8, whose session before (7) has no
        // ESH14 trade, so the roll waits one session and is counted
        var roll = Assert.Single(schedule.Rolls);
        Assert.Equal(new DateOnly(2013, 12, 11), roll.TradingDate);
        var deferred = Assert.Single(schedule.Deferred);
        Assert.Equal(1, deferred.Count);
        Assert.Contains("none of ESH14 on 2013-12-09", deferred.Examples[0]);
        Assert.Equal(1, series.RollsEmitted);
    }

    [Fact]
    public void Contracts_that_never_trade_in_the_same_session_do_not_roll_and_every_later_event_is_counted()
    {
        // ESZ13 in sessions 0-2, ESH14 in sessions 3-5 only: no session before a roll holds both, so none happens
        // (docs/rolls.md: nothing forces a roll at expiry); sessions 4 and 5 each defer it, ESH14's ticks are not the front
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(Instruments, symbols);
        var prints = Enumerable.Range(0, 6).SelectMany(s => Enumerable.Range(0, 3)
            .Select(m => new Print(s < 3 ? "ESZ13" : "ESH14", s, m, 170_000 + 25 * m, 10))).ToList();
        var (_, schedule, series, output) = Run(registry, symbols, Events(symbols, prints), ContinuousAdjustment.Difference);
        Assert.Empty(schedule.Rolls);
        Assert.Equal(2, Assert.Single(schedule.Deferred).Count);
        Assert.Equal(9, series.Mapped);
        Assert.Equal(9, series.DroppedCount(ContinuousDrop.NotFront));
        Assert.Equal(9, output.Count);
        Assert.DoesNotContain(output, e => e.Kind == MarketEventKind.Gap);
    }

    [Fact]
    public void Open_interest_rolls_on_the_table_and_counts_sessions_it_lacks()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Parse(File.ReadAllText(Instruments).Replace(
            "      rule: volume\n      expiry: third_friday", "      rule: open_interest\n      expiry: third_friday"), "instruments.yaml", symbols);
        var oi = new OpenInterestTable();
        for (var d = 0; d < 10; d++)
        {
            var date = new DateOnly(2013, 12, 2).AddDays(d);
            if (d != 3)
                oi.Add(date, new ContractKey(2013, 12), 3_000_000 - 300_000 * d);
            oi.Add(date, new ContractKey(2014, 3), 200_000 + 300_000 * d);
        }
        // crossover on 2013-12-06 (d = 4: 1.8M < 1.4M? no; d = 5: 1.5M < 1.7M): rolls on the next session, 12-08;
        // d = 3 lacks ESZ13's figure, but ESH14's 1.1M does not exceed the 2.1M it had the day before... counted only if it would roll
        var (_, schedule, _, _) = Run(registry, symbols, Events(symbols, Crossover()), ContinuousAdjustment.Difference, oi);
        var roll = Assert.Single(schedule.Rolls);
        Assert.Equal(new DateOnly(2013, 12, 8), roll.TradingDate);
        Assert.Contains("open interest 1700000 > 1500000 on 2013-12-07", roll.Why);
        Assert.Throws<ArgumentException>(() => Run(registry, symbols, Events(symbols, Crossover()), ContinuousAdjustment.Difference));
    }

    [Fact]
    public void Difference_adjusted_series_has_the_source_bar_to_bar_differences_within_each_segment()
    {
        // any number of sessions, contracts and volume profiles: inside a segment the series moves exactly as its
        // contract, and at a roll the adjusted old price equals the new contract's reference price (no jump)
        var gen = Gen.Select(Gen.Int[3, 12], Gen.Int[2, 3], Gen.Int[1, 5], Gen.Int[0, 1_000_000]);
        gen.Sample((sessions, contracts, perSession, seed) =>
        {
            var random = new Random(seed);
            var names = new[] { "ESZ13", "ESH14", "ESM14" }.Take(contracts).ToArray();
            var prints = new List<Print>();
            for (var c = 0; c < contracts; c++)
            {
                var price = 150_000L + c * random.Next(-1000, 1000);
                for (var s = 0; s < sessions; s++)
                    for (var m = 0; m < perSession; m++)
                    {
                        price += random.Next(-40, 41) * 25;
                        prints.Add(new Print(names[c], s, m, price, random.Next(1, 500)));
                    }
            }
            var symbols = new SymbolRegistry();
            var registry = InstrumentRegistry.Load(Instruments, symbols);
            var input = Events(symbols, prints);
            var (_, schedule, _, output) = Run(registry, symbols, input, ContinuousAdjustment.Difference);
            var (_, _, _, raw) = Run(registry, symbols, input, ContinuousAdjustment.None);
            Assert.Equal(raw.Count, output.Count);
            var segment = 0;
            for (var i = 0; i < output.Count; i++)
            {
                if (output[i].Kind == MarketEventKind.Gap)
                {
                    segment++;
                    continue;
                }
                if (i > 0 && output[i - 1].Kind == MarketEventKind.Tick)
                    Assert.Equal(raw[i].Tick.PriceRaw - raw[i - 1].Tick.PriceRaw, output[i].Tick.PriceRaw - output[i - 1].Tick.PriceRaw);
                Assert.Equal(schedule.OffsetOf(segment), output[i].Tick.PriceRaw - raw[i].Tick.PriceRaw);
            }
            Assert.Equal(schedule.Rolls.Count, segment);
            Assert.Equal(0, schedule.OffsetOf(schedule.Rolls.Count));
            for (var r = 0; r < schedule.Rolls.Count; r++)
                Assert.Equal(schedule.Rolls[r].NewRaw + schedule.OffsetOf(r + 1), schedule.Rolls[r].OldRaw + schedule.OffsetOf(r));
        }, iter: 200);
    }

    /// <summary>
    /// The series against a plain model of the volume rule written from docs/rolls.md, not from the code: random
    /// contract series (a contract sometimes missing a session, so rolls defer) plus events of another root, of a month
    /// outside the cycle (with the most volume of all) and at another precision (the last print of its session). The
    /// model decides each session's front and every roll's reference prices (the last trades of the session before),
    /// then each output event exactly: difference = raw + Σ (new − old) of the later rolls, ratio = raw × Π new / old of
    /// the later rolls rounded, none = raw; one roll event per roll, right before the new front's first event and at its
    /// time; and every input event either on the series or counted under its reason.
    /// </summary>
    [Fact]
    public void Series_agrees_with_a_plain_model_of_the_volume_rule_and_counts_every_event_left_out()
    {
        var gen = Gen.Select(Gen.Int[2, 12], Gen.Int[2, 3], Gen.Int[1, 4], Gen.Int[0, 1_000_000]);
        gen.Sample((sessions, contracts, perSession, seed) =>
        {
            var random = new Random(seed);
            var names = new[] { "ESZ13", "ESH14", "ESM14" }.Take(contracts).ToArray();
            var prints = new List<Print>();
            for (var c = 0; c < contracts; c++)
            {
                var price = 150_000L + random.Next(-1000, 1000) * 25;
                for (var s = 0; s < sessions; s++)
                {
                    if (s > 0 && random.Next(6) == 0)
                        continue; // no trade of this contract in session s
                    for (var m = 0; m < perSession; m++)
                    {
                        price += random.Next(-40, 41) * 25;
                        prints.Add(new Print(names[c], s, m, price, random.Next(1, 100 + 200 * c * s)));
                    }
                }
            }
            for (var s = 0; s < sessions; s++)
            {
                prints.Add(new Print("NQZ13", s, 0, 400_000, 10));
                prints.Add(new Print("ESF14", s, 1, 150_000, 1_000_000));
                prints.Add(new Print(names[random.Next(contracts)], s, 99, 1_500_000, 1, Precision: 3));
            }
            prints = prints.OrderBy(p => p.Session).ThenBy(p => p.Minute).ThenBy(p => p.Contract, StringComparer.Ordinal).ToList();

            // the model: per session, each cycle contract's volume and last trade at the root's precision
            var activity = Enumerable.Range(0, sessions).Select(s => prints
                .Where(p => p.Session == s && names.Contains(p.Contract) && p.Precision == 2)
                .GroupBy(p => p.Contract)
                .ToDictionary(g => g.Key, g => (Volume: g.Sum(p => p.Size), Last: g.Last().PriceRaw))).ToList();
            var fronts = new string[sessions];
            fronts[0] = "ESZ13"; // the calendar front of 2013-12-02
            var rolls = new List<(int Session, string From, string To, long Old, long New)>();
            var deferred = 0;
            var previous = 0; // the session before is the last one in which a contract of the cycle traded (a holiday is skipped)
            for (var s = 1; s < sessions; s++)
            {
                var front = fronts[s - 1];
                if (activity[s].Count == 0)
                {
                    fronts[s] = front;
                    continue;
                }
                var before = activity[previous];
                previous = s;
                var frontVolume = before.TryGetValue(front, out var f) ? f.Volume : 0;
                var later = names.Where(n => Array.IndexOf(names, n) > Array.IndexOf(names, front) && before.ContainsKey(n)).ToList();
                var best = later.Count == 0 ? null : later.First(n => before[n].Volume == later.Max(l => before[l].Volume));
                if (best is not null && before[best].Volume > frontVolume)
                {
                    if (before.ContainsKey(front))
                    {
                        rolls.Add((s, front, best, before[front].Last, before[best].Last));
                        front = best;
                    }
                    else
                        deferred++;
                }
                fronts[s] = front;
            }
            var offsets = new long[rolls.Count + 1];
            var factors = new double[rolls.Count + 1];
            factors[rolls.Count] = 1;
            for (var r = rolls.Count - 1; r >= 0; r--)
            {
                offsets[r] = offsets[r + 1] + rolls[r].New - rolls[r].Old;
                factors[r] = factors[r + 1] * rolls[r].New / rolls[r].Old;
            }

            foreach (var adjustment in new[] { ContinuousAdjustment.Difference, ContinuousAdjustment.Ratio, ContinuousAdjustment.None })
            {
                var symbols = new SymbolRegistry();
                var registry = InstrumentRegistry.Load(Instruments, symbols);
                var (_, schedule, series, output) = Run(registry, symbols, Events(symbols, prints), adjustment);

                Assert.Equal(rolls.Select(r => (r.From, r.To, r.Old, r.New)), schedule.Rolls.Select(r => (r.From, r.To, r.OldRaw, r.NewRaw)));
                Assert.Equal(rolls.Select(r => new DateOnly(2013, 12, 2).AddDays(r.Session)), schedule.Rolls.Select(r => r.TradingDate));
                Assert.Equal(deferred, schedule.Deferred.Sum(d => d.Count));

                var expected = new List<(MarketEventKind Kind, long Time, long Price)>();
                long other = 0, outOfCycle = 0, notFront = 0, precision = 0;
                var emitted = 0;
                foreach (var p in prints)
                {
                    var time = FirstSession + p.Session * Day + (60 + p.Minute) * Minute;
                    if (p.Contract == "NQZ13")
                        other++;
                    else if (p.Contract == "ESF14")
                        outOfCycle++;
                    else if (p.Contract != fronts[p.Session])
                        notFront++;
                    else if (p.Precision != 2)
                        precision++;
                    else
                    {
                        var segment = rolls.Count(r => r.Session <= p.Session);
                        for (; emitted < segment; emitted++)
                            expected.Add((MarketEventKind.Gap, time, 0));
                        expected.Add((MarketEventKind.Tick, time, adjustment switch
                        {
                            ContinuousAdjustment.Difference => p.PriceRaw + offsets[segment],
                            ContinuousAdjustment.Ratio => (long)Math.Round(p.PriceRaw * factors[segment], MidpointRounding.AwayFromZero),
                            _ => p.PriceRaw,
                        }));
                    }
                }
                Assert.Equal(expected, output.Select(e => (e.Kind, e.EventTime, e.Kind == MarketEventKind.Tick ? e.Tick.PriceRaw : 0)));
                Assert.All(output, e => Assert.Equal(registry["ES"].Id, e.Symbol));
                Assert.All(output.Where(e => e.Kind == MarketEventKind.Gap), e => Assert.Equal(GapReason.ContractRoll, e.Gap.Reason));
                Assert.Equal(expected.Where(e => e.Kind == MarketEventKind.Gap).Select(e => e.Time), series.RollTimes.Take(series.RollsEmitted));
                Assert.Equal(expected.Count(e => e.Kind == MarketEventKind.Gap), series.RollsEmitted);
                Assert.Equal((other, outOfCycle, notFront, precision),
                    (series.DroppedCount(ContinuousDrop.OtherSymbol), series.DroppedCount(ContinuousDrop.OutOfCycle), series.DroppedCount(ContinuousDrop.NotFront), series.DroppedCount(ContinuousDrop.Precision)));
                Assert.Equal(prints.Count, series.Mapped + other + outOfCycle + notFront + precision);
            }
        }, iter: 150);
    }

    [Fact]
    public void Registry_roll_errors_name_the_line_the_value_and_what_was_expected()
    {
        var text = File.ReadAllText(Instruments);
        var ex = Assert.Throws<InstrumentRegistryException>(() =>
            InstrumentRegistry.Parse(text.Replace("      months: HMUZ\n      rule: volume\n      expiry: third_friday", "      months: HMUQ\n      rule: daily\n      expiry: third_friday"), "instruments.yaml", new SymbolRegistry()));
        Assert.Contains("roll rule is 'daily', expected volume, open_interest or days_before_expiry", ex.Message);
        Assert.StartsWith("instruments.yaml:", ex.Message);
        var months = Assert.Throws<InstrumentRegistryException>(() =>
            InstrumentRegistry.Parse(text.Replace("      months: HMUZ", "      months: HMUA"), "instruments.yaml", new SymbolRegistry()));
        Assert.Contains("roll months 'HMUA'", months.Message);
        var registry = InstrumentRegistry.Load(Instruments, new SymbolRegistry());
        Assert.Equal("GJMQZ", registry["GC"].Roll!.Months);
        Assert.Null(registry["SPY"].Roll);
        // expiries: ESZ13 Friday 2013-12-20, GCZ13 2013-12-27 (third-last business day), 6EH24 Monday 2024-03-18
        Assert.Equal(new DateOnly(2013, 12, 20), registry["ES"].Roll!.ExpiryOf(2013, 12));
        Assert.Equal(new DateOnly(2013, 12, 27), registry["GC"].Roll!.ExpiryOf(2013, 12));
        Assert.Equal(new DateOnly(2024, 3, 18), registry["6E"].Roll!.ExpiryOf(2024, 3));
        Assert.True(FutureRoll.TryParseContractMonth("ESH4", 2023, out var y, out var m) && (y, m) == (2024, 3));
    }
}
