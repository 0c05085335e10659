using TradingEngine.Indicators;
using TradingEngine.Indicators.MovingAverages;
using TradingEngine.Indicators.Oscillators;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Indicators.Volume;
using TradingEngine.Tests.Support;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Tests.Indicators;

/// <summary>
/// Every core: snapshot at an arbitrary point + the rest of the input == the uninterrupted run (bit for bit),
/// and the steady-state update allocates nothing.
/// </summary>
public sealed class SnapshotAndAllocationTests
{
    private const string Bars = "bars/skender/intraday.csv";

    [Theory]
    [InlineData(5, 3)]
    [InlineData(14, 700)]
    [InlineData(50, 49)]
    public void Standard_cores_restore_from_a_snapshot_bit_for_bit(int period, int cut)
    {
        var bars = OhlcvCsv.Read(TestData.Require(Bars), OhlcvFormat.Skender);
        var buffer = new byte[64 * 1024];
        foreach (var name in StandardIndicatorRunner.Names)
        {
            var expected = StandardIndicatorRunner.Streaming(name, period, bars);
            var got = new double[bars.Count];
            switch (name)
            {
                case "SMA": Run(SmaState.Create(period), s => s.WriteTo(buffer), () => SmaState.ReadFrom(buffer), (ref SmaState s, int i) => s.Update(bars.Close[i], out var v) ? v : double.NaN); break;
                case "EMA": Run(EmaState.Create(period), s => s.WriteTo(buffer), () => EmaState.ReadFrom(buffer), (ref EmaState s, int i) => s.Update(bars.Close[i], out var v) ? v : double.NaN); break;
                case "WMA": Run(WmaState.Create(period), s => s.WriteTo(buffer), () => WmaState.ReadFrom(buffer), (ref WmaState s, int i) => s.Update(bars.Close[i], out var v) ? v : double.NaN); break;
                case "RSI": Run(RsiState.Create(period), s => s.WriteTo(buffer), () => RsiState.ReadFrom(buffer), (ref RsiState s, int i) => s.Update(bars.Close[i], out var v) ? v : double.NaN); break;
                case "ATR": Run(AtrState.Create(period), s => s.WriteTo(buffer), () => AtrState.ReadFrom(buffer), (ref AtrState s, int i) => s.Update(bars.High[i], bars.Low[i], bars.Close[i], out var v) ? v : double.NaN); break;
            }
            for (var i = 0; i < bars.Count; i++)
                Assert.True(got[i].Equals(expected[i]), $"{name}({period}) cut {cut} row {i}: restored {got[i]:R}, uninterrupted {expected[i]:R}");

            void Run<T>(T state, Func<T, int> write, Func<T> read, Step<T> step)
            {
                for (var i = 0; i < cut; i++)
                    got[i] = step(ref state, i);
                var written = write(state);
                var restored = read();
                Assert.Equal(written, write(restored)); // same size and layout after a round trip
                for (var i = cut; i < bars.Count; i++)
                    got[i] = step(ref restored, i);
            }
        }
    }

    private delegate double Step<T>(ref T state, int index);

    [Fact]
    public void Snapshot_of_the_wrong_kind_is_rejected()
    {
        var buffer = new byte[64];
        EmaState.Create(5).WriteTo(buffer);
        var error = Assert.Throws<ArgumentException>(() => SmaState.ReadFrom(buffer));
        Assert.Contains("expected kind 1 (Sma)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Volume_cores_restore_from_a_snapshot()
    {
        var trades = EsTradesWithBbo.Read(TestData.Require(EsTradesWithBbo.RelativePath));
        var buffer = new byte[1 << 20];
        var cut = trades.Length / 3;

        var classifier = new AggressorClassifier();
        var footprint = FootprintState.Create(EsTradesWithBbo.TickSize, 3.0, 8);
        var profile = SessionVolumeProfile.Create(SessionCalendar.CmeGlobex, EsTradesWithBbo.TickSize, 8);
        var cumulative = CumulativeDeltaState.Create(SessionCalendar.CmeGlobex);
        for (var i = 0; i < cut; i++)
            Feed(ref classifier, ref footprint, ref profile, ref cumulative, trades[i]);

        // A DAG node learns how many bytes a snapshot used from the restored state's SnapshotSize.
        var written = classifier.WriteTo(buffer);
        var classifier2 = AggressorClassifier.ReadFrom(buffer);
        Assert.Equal(written, classifier2.SnapshotSize);
        written = footprint.WriteTo(buffer);
        var footprint2 = FootprintState.ReadFrom(buffer);
        Assert.Equal(written, footprint2.SnapshotSize);
        written = profile.WriteTo(buffer);
        var profile2 = SessionVolumeProfile.ReadFrom(buffer, SessionCalendar.CmeGlobex);
        Assert.Equal(written, profile2.SnapshotSize);
        written = cumulative.WriteTo(buffer);
        var cumulative2 = CumulativeDeltaState.ReadFrom(buffer, SessionCalendar.CmeGlobex);
        Assert.Equal(CumulativeDeltaState.SnapshotSize, written);

        for (var i = cut; i < trades.Length; i++)
        {
            Feed(ref classifier, ref footprint, ref profile, ref cumulative, trades[i]);
            Feed(ref classifier2, ref footprint2, ref profile2, ref cumulative2, trades[i]);
        }
        Assert.Equal(cumulative.Value, cumulative2.Value);
        Assert.Equal(profile.ComputeValueArea(), profile2.ComputeValueArea());
        Assert.Equal(footprint.Totals, footprint2.Totals);
        Assert.Equal(footprint.LevelCount, footprint2.LevelCount);
        for (var i = 0; i < footprint.LevelCount; i++)
            Assert.Equal(footprint.GetLevel(i), footprint2.GetLevel(i));

        static void Feed(ref AggressorClassifier c, ref FootprintState f, ref SessionVolumeProfile p, ref CumulativeDeltaState d, EsTrade t)
        {
            var side = c.Classify(t.Price, AggressorSide.Unknown, t.Bid, t.Ask);
            f.Add(t.Price, side, t.Size);
            p.Add(t.UtcNanos, t.Price, t.Size);
            d.Update(t.UtcNanos, side, t.Size, out _);
        }
    }

    [Fact]
    public void Steady_state_updates_allocate_nothing()
    {
        var sma = SmaState.Create(20);
        var ema = EmaState.Create(20);
        var wma = WmaState.Create(20);
        var rsi = RsiState.Create(14);
        var atr = AtrState.Create(14);
        var vwap = TradingEngine.Indicators.Vwap.VwapState.Create(SessionCalendar.CmeGlobex);
        var tickVwap = TradingEngine.Indicators.Vwap.TickVwapState.Create(SessionCalendar.CmeGlobex, 2);
        var footprint = FootprintState.Create(25, 3.0, 256);
        var profile = SessionVolumeProfile.Create(SessionCalendar.CmeGlobex, 25, 1024);
        var rolling = RollingVolumeProfile.Create(5_000_000_000, 25, 1024, 4096); // 5,000 trades in a window: the ring grows once, during warm-up
        var cumulative = CumulativeDeltaState.Create(SessionCalendar.CmeGlobex);
        var classifier = new AggressorClassifier();
        const long Start = 1_704_150_000_000_000_000; // 2024-01-01T23:00Z, inside a CME session
        void Loop(int n, long offset)
        {
            for (var i = 0; i < n; i++)
            {
                double x = 100 + (i % 37) - (i % 11);
                long price = 480_000 + ((i % 40) * 25);
                long t = Start + offset + (i * 1_000_000L);
                sma.Update(x, out _);
                ema.Update(x, out _);
                wma.Update(x, out _);
                rsi.Update(x, out _);
                atr.Update(x + 1, x - 1, x, out _);
                vwap.Update(t, x, 3, out var v);
                tickVwap.Update(t, price, 3, out var tv);
                if (v.Upper2 + tv.Upper2 == 0)
                    throw new InvalidOperationException("unreachable: keeps the band reads alive");
                var side = classifier.Classify(price, AggressorSide.Unknown, price - 25, price + 25);
                footprint.Add(price, side, 2);
                profile.Add(t, price, 2);
                rolling.Add(t, price, 2);
                cumulative.Update(t, side, 2, out _);
                if (i % 500 == 499)
                    footprint.Reset();
            }
        }
        Loop(10_000, 0); // warm-up: JIT tiers, session located, ladders sized
        var before = GC.GetAllocatedBytesForCurrentThread();
        Loop(200_000, 10_000_000_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
