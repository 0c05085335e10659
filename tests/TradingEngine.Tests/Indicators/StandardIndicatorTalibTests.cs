using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Indicators;

/// <summary>
/// Streaming SMA/EMA/WMA/RSI/ATR equal TA-Lib (tests/reference/talib.json, produced by TA-Lib's C core)
/// within 1e-9 × max(1, |reference|) from the first output, on the clean real bars; the first output
/// appears exactly at TA-Lib's begIndex (the lookback).
/// </summary>
public sealed class StandardIndicatorTalibTests
{
    public static readonly TheoryData<string> BarFiles =
    [
        "bars/skender/default.csv",
        "bars/skender/intraday.csv",
        "bars/lean_equity_daily/spy.csv",
        "bars/lean_equity_daily/ibm.csv",
        "bars/lean_equity_minute_2013-10/20131007_spy_minute_trade.csv",
        "bars/lean_equity_minute_2013-10/20131010_bac_minute_trade.csv",
        "bars/lean_es_futures_minute/20131008_es_minute_trade_201312.csv",
        "bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv",
    ];

    [Theory]
    [MemberData(nameof(BarFiles))]
    public void Streaming_equals_talib_from_the_first_output(string relative)
    {
        var bars = OhlcvCsv.Read(TestData.Require(relative), OhlcvCsv.FormatOf(relative));
        var failures = new List<string>();
        var compared = 0;
        var bitIdentical = 0;
        foreach (var reference in TalibReference.SeriesFor(relative).Where(s => s.Indicator != "VWAP"))
        {
            Assert.Equal(bars.Count - reference.Begin, reference.Outputs);
            var ours = StandardIndicatorRunner.Streaming(reference.Indicator, reference.Period, bars);
            var firstOurs = Array.FindIndex(ours, v => !double.IsNaN(v));
            if (firstOurs != reference.Begin)
                failures.Add($"{reference.Indicator}({reference.Period}): first output at {firstOurs}, TA-Lib at {reference.Begin}");
            for (var j = 0; j < reference.Index.Length; j++)
            {
                var row = reference.Index[j];
                var expected = reference.Value[j];
                var actual = ours[row];
                compared++;
                if (actual.Equals(expected))
                    bitIdentical++;
                if (!(Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected))) && failures.Count < 20)
                    failures.Add($"{reference.Indicator}({reference.Period}) row {row}: ours {actual:R}, TA-Lib {expected:R}");
            }
        }
        Assert.True(failures.Count == 0, $"{relative}: {failures.Count} mismatches\n{string.Join('\n', failures)}");
        Assert.True(compared > 0);
        TestContext.Current.TestOutputHelper?.WriteLine($"{relative}: {compared} values compared, {bitIdentical} bit-identical");
    }

    [Theory]
    [MemberData(nameof(BarFiles))]
    public void Streaming_equals_batch_bit_for_bit(string relative)
    {
        var bars = OhlcvCsv.Read(TestData.Require(relative), OhlcvCsv.FormatOf(relative));
        foreach (var name in StandardIndicatorRunner.Names)
        {
            foreach (var period in new[] { 2, 5, 14, 20, 50, 200 })
            {
                var streaming = StandardIndicatorRunner.Streaming(name, period, bars);
                var batch = StandardIndicatorRunner.Batch(name, period, bars);
                for (var i = 0; i < bars.Count; i++)
                {
                    if (BitConverter.DoubleToInt64Bits(streaming[i]) != BitConverter.DoubleToInt64Bits(batch[i]))
                        Assert.Fail($"{relative} {name}({period}) row {i}: streaming {streaming[i]:R}, batch {batch[i]:R}");
                }
            }
        }
    }
}
