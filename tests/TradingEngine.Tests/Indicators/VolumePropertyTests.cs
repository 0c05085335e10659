using CsCheck;
using TradingEngine.Indicators;
using TradingEngine.Indicators.Volume;
using TradingEngine.Tests.Support;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Tests.Indicators;

/// <summary>
/// Property tests (CsCheck) of the volume cores: Σ footprint levels = candle volume = buy + sell, level and
/// candle delta = buy − sell, profile total = traded volume, value area bounds — all independent of the order
/// and grouping of the trades, with ladders small enough that growth is exercised.
/// </summary>
public sealed class VolumePropertyTests
{
    private const long Tick = 25;

    private static readonly Gen<(long Price, AggressorSide Side, long Size)> GenTrade =
        Gen.Select(Gen.Long[4_000_00 / 25, 4_000_00 / 25 + 300], Gen.Bool.Select(b => b ? AggressorSide.Buy : AggressorSide.Sell), Gen.Long[1, 500])
            .Select((level, side, size) => (level * Tick, side, size));

    private static readonly Gen<(long Price, AggressorSide Side, long Size)[]> GenTrades = GenTrade.Array[1, 400];

    private static Dictionary<long, (long Bid, long Ask)> Levels(in FootprintState footprint)
    {
        var result = new Dictionary<long, (long, long)>();
        for (var i = 0; i < footprint.LevelCount; i++)
        {
            var level = footprint.GetLevel(i);
            if (level.Volume != 0)
                result[level.Price] = (level.BidVolume, level.AskVolume);
        }
        return result;
    }

    [Fact]
    public void Footprint_levels_sum_to_candle_volume_and_delta_whatever_the_order_or_grouping()
    {
        Gen.Select(GenTrades, Gen.Int[1, 5], Gen.Int).Sample((trades, groups, seed) =>
        {
            var footprint = FootprintState.Create(Tick, 3.0, capacity: 4);
            foreach (var (price, side, size) in trades)
                footprint.Add(price, side, size);
            long volume = trades.Sum(t => t.Size);
            long buy = trades.Where(t => t.Side == AggressorSide.Buy).Sum(t => t.Size);
            long sell = volume - buy;
            long levelSum = 0, levelDelta = 0;
            for (var i = 0; i < footprint.LevelCount; i++)
            {
                var level = footprint.GetLevel(i);
                levelSum += level.Volume;
                levelDelta += level.Delta;
                Assert.Equal(level.AskVolume - level.BidVolume, level.Delta);
            }
            Assert.Equal(volume, levelSum);
            Assert.Equal(volume, footprint.Volume);
            Assert.Equal(footprint.Totals.BuyVolume + footprint.Totals.SellVolume, footprint.Volume);
            Assert.Equal(buy, footprint.Totals.BuyVolume);
            Assert.Equal(sell, footprint.Totals.SellVolume);
            Assert.Equal(buy - sell, footprint.Totals.Delta);
            Assert.Equal(footprint.Totals.Delta, levelDelta);

            // Any order: a shuffled replay gives the same ladder.
            var shuffled = trades.ToArray();
            new Random(seed).Shuffle(shuffled);
            var other = FootprintState.Create(Tick, 3.0, capacity: 4);
            foreach (var (price, side, size) in shuffled)
                other.Add(price, side, size);
            Assert.Equal(Levels(footprint), Levels(other));

            // Any grouping: footprints of consecutive chunks (candles), merged per level, equal the whole.
            var merged = new Dictionary<long, (long Bid, long Ask)>();
            var chunk = FootprintState.Create(Tick, 3.0, capacity: 4);
            var per = Math.Max(1, trades.Length / groups);
            for (var start = 0; start < trades.Length; start += per)
            {
                chunk.Reset();
                foreach (var (price, side, size) in trades.Skip(start).Take(per))
                    chunk.Add(price, side, size);
                foreach (var (price, (bid, ask)) in Levels(chunk))
                    merged[price] = merged.TryGetValue(price, out var m) ? (m.Bid + bid, m.Ask + ask) : (bid, ask);
            }
            Assert.Equal(Levels(footprint), merged);
        }, iter: 300);
    }

    [Fact]
    public void Profile_total_equals_traded_volume_and_value_area_is_order_independent()
    {
        Gen.Select(GenTrades, Gen.Int).Sample((trades, seed) =>
        {
            var profile = VolumeProfileState.Create(Tick, capacity: 4);
            foreach (var (price, _, size) in trades)
                profile.Add(price, size);
            Assert.Equal(trades.Sum(t => t.Size), profile.TotalVolume);
            long levels = 0;
            for (var i = 0; i < profile.LevelCount; i++)
                levels += profile.GetLevel(i, out _);
            Assert.Equal(profile.TotalVolume, levels);

            var va = profile.ComputeValueArea();
            Assert.True(va.ValueAreaLow <= va.PointOfControl && va.PointOfControl <= va.ValueAreaHigh);
            Assert.True(va.ValueAreaVolume * 100 >= va.TotalVolume * 70);
            var byPrice = trades.GroupBy(t => t.Price).ToDictionary(g => g.Key, g => g.Sum(t => t.Size));
            Assert.Equal(byPrice.Values.Max(), va.PointOfControlVolume);
            Assert.Equal(byPrice.Where(kv => kv.Key >= va.ValueAreaLow && kv.Key <= va.ValueAreaHigh).Sum(kv => kv.Value), va.ValueAreaVolume);

            var shuffled = trades.ToArray();
            new Random(seed).Shuffle(shuffled);
            var other = VolumeProfileState.Create(Tick, capacity: 1024);
            foreach (var (price, _, size) in shuffled)
                other.Add(price, size);
            Assert.Equal(va, other.ComputeValueArea());
        }, iter: 300);
    }

    [Fact]
    public void Value_area_equals_the_documented_procedure_on_a_plain_list_of_levels()
    {
        // Narrow ranges and small sizes make ties for the point of control and between the two sides common; sizes of
        // 0 leave traded levels empty. The reference walks a list of every grid level from the lowest to the highest
        // price traded, as the summary of VolumeProfileState words it, without the ladder or its scans.
        var genTrades = Gen.Select(Gen.Long[0, 40], Gen.Long[0, 6]).Select((level, size) => ((160_000 + level) * Tick, size)).Array[1, 300];
        Gen.Select(genTrades, Gen.Int[1, 100], Gen.Int[4, 64]).Sample((trades, percent, capacity) =>
        {
            var profile = VolumeProfileState.Create(Tick, capacity);
            foreach (var (price, size) in trades)
                profile.Add(price, size);
            if (profile.TotalVolume == 0)
            {
                Assert.Equal(default, profile.ComputeValueArea(percent));
                return;
            }
            var min = trades.Min(t => t.Item1);
            var levels = Enumerable.Range(0, (int)((trades.Max(t => t.Item1) - min) / Tick) + 1)
                .Select(i => trades.Where(t => t.Item1 == min + (i * Tick)).Sum(t => t.Item2)).ToList();
            var total = levels.Sum();
            var poc = levels.IndexOf(levels.Max());
            long area = levels[poc];
            int top = poc, bottom = poc;
            while (area * 100 < total * percent && (bottom > 0 || top < levels.Count - 1))
            {
                var above = top < levels.Count - 1 ? levels[top + 1] : -1;
                var below = bottom > 0 ? levels[bottom - 1] : -1;
                if (above >= below)
                    area += levels[++top];
                if (below >= above)
                    area += levels[--bottom];
            }
            var expected = new ValueArea(min + (poc * Tick), min + (top * Tick), min + (bottom * Tick), total, levels[poc], area);
            Assert.Equal(expected, profile.ComputeValueArea(percent));
        }, iter: 2000);
    }

    [Fact]
    public void Rolling_profile_holds_exactly_the_trades_inside_the_window()
    {
        Gen.Select(GenTrade.Array[1, 300], Gen.Long[1, 50].Array[300], Gen.Long[1, 200]).Sample((trades, gaps, window) =>
        {
            var rolling = RollingVolumeProfile.Create(window, Tick, levelCapacity: 4, tradeCapacity: 2);
            var times = new long[trades.Length];
            long t = 1_000;
            for (var i = 0; i < trades.Length; i++)
            {
                t += gaps[i];
                times[i] = t;
                rolling.Add(t, trades[i].Price, trades[i].Size);
                long expected = 0;
                for (var j = 0; j <= i; j++)
                    if (t - times[j] < window)
                        expected += trades[j].Size;
                Assert.Equal(expected, rolling.Profile.TotalVolume);
                if (i == trades.Length / 2)
                {
                    var buffer = new byte[rolling.SnapshotSize];
                    Assert.Equal(buffer.Length, rolling.WriteTo(buffer));
                    rolling = RollingVolumeProfile.ReadFrom(buffer); // the rest of the run continues on the restored state
                }
            }
        }, iter: 100);
    }

    [Fact]
    public void Negative_and_off_grid_prices_fall_in_the_level_below()
    {
        var profile = VolumeProfileState.Create(Tick, capacity: 4);
        profile.Add(-10, 1);  // a calendar spread below zero: level −1 (−25..−1)
        profile.Add(10, 2);   // level 0 (0..24)
        profile.Add(-25, 4);  // level −1
        profile.Add(-26, 8);  // level −2
        Assert.Equal(3, profile.LevelCount);
        Assert.Equal(8, profile.GetLevel(0, out var p0));
        Assert.Equal(-50, p0);
        Assert.Equal(5, profile.GetLevel(1, out var p1));
        Assert.Equal(-25, p1);
        Assert.Equal(2, profile.GetLevel(2, out var p2));
        Assert.Equal(0, p2);
    }

    [Fact]
    public void Real_es_trades_footprints_per_minute_and_session_profile_add_up()
    {
        var trades = EsTradesWithBbo.Read(TestData.Require(EsTradesWithBbo.RelativePath));
        var classifier = new AggressorClassifier();
        var footprint = FootprintState.Create(EsTradesWithBbo.TickSize, 3.0, capacity: 64);
        var delta = new DeltaVolumeState();
        var profile = SessionVolumeProfile.Create(SessionCalendar.CmeGlobex, EsTradesWithBbo.TickSize, capacity: 64);
        var cumulative = CumulativeDeltaState.Create(SessionCalendar.CmeGlobex);
        const long Minute = 60_000_000_000;
        var minute = trades[0].UtcNanos / Minute;
        long candles = 0, footprintVolume = 0, buy = 0, sell = 0, neutral = 0, lastCumulative = 0;
        void Close()
        {
            long levels = 0;
            for (var i = 0; i < footprint.LevelCount; i++)
                levels += footprint.GetLevel(i).Volume;
            Assert.Equal(footprint.Volume, levels);
            Assert.Equal(delta.Volume, footprint.Volume);
            Assert.Equal(delta.Delta, footprint.Totals.Delta);
            footprintVolume += levels;
            candles++;
            footprint.Reset();
            delta.Reset();
        }
        foreach (var t in trades)
        {
            if (t.UtcNanos / Minute != minute)
            {
                Close();
                minute = t.UtcNanos / Minute;
            }
            var side = classifier.Classify(t.Price, AggressorSide.Unknown, t.Bid, t.Ask);
            footprint.Add(t.Price, side, t.Size);
            delta.Add(side, t.Size);
            Assert.True(profile.Add(t.UtcNanos, t.Price, t.Size));
            Assert.True(cumulative.Update(t.UtcNanos, side, t.Size, out lastCumulative));
            if (side == AggressorSide.Buy) buy += t.Size; else if (side == AggressorSide.Sell) sell += t.Size; else neutral += t.Size;
        }
        Close();
        var total = trades.Sum(t => t.Size);
        Assert.Equal(total, footprintVolume);
        Assert.Equal(total, buy + sell + neutral);
        Assert.Equal(total, profile.Profile.TotalVolume);
        Assert.Equal(buy - sell, lastCumulative);
        var va = profile.ComputeValueArea();
        Assert.InRange(va.PointOfControl, 4800_25, 4811_75);
        Assert.True(candles >= 50);
    }
}
