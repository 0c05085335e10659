using TradingEngine.Indicators.MovingAverages;
using TradingEngine.Indicators.Oscillators;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Indicators;

/// <summary>Runs a streaming core or its batch reference over a whole bar file; NaN where there is no output.</summary>
public static class StandardIndicatorRunner
{
    public static readonly string[] Names = ["SMA", "EMA", "WMA", "RSI", "ATR"];

    public static double[] Streaming(string indicator, int period, OhlcvBars bars)
    {
        var output = new double[bars.Count];
        switch (indicator)
        {
            case "SMA":
                var sma = SmaState.Create(period);
                for (var i = 0; i < bars.Count; i++)
                    output[i] = sma.Update(bars.Close[i], out var v) ? v : double.NaN;
                break;
            case "EMA":
                var ema = EmaState.Create(period);
                for (var i = 0; i < bars.Count; i++)
                    output[i] = ema.Update(bars.Close[i], out var v) ? v : double.NaN;
                break;
            case "WMA":
                var wma = WmaState.Create(period);
                for (var i = 0; i < bars.Count; i++)
                    output[i] = wma.Update(bars.Close[i], out var v) ? v : double.NaN;
                break;
            case "RSI":
                var rsi = RsiState.Create(period);
                for (var i = 0; i < bars.Count; i++)
                    output[i] = rsi.Update(bars.Close[i], out var v) ? v : double.NaN;
                break;
            case "ATR":
                var atr = AtrState.Create(period);
                for (var i = 0; i < bars.Count; i++)
                    output[i] = atr.Update(bars.High[i], bars.Low[i], bars.Close[i], out var v) ? v : double.NaN;
                break;
            default:
                throw new ArgumentException($"unknown indicator '{indicator}'", nameof(indicator));
        }
        return output;
    }

    public static double[] Batch(string indicator, int period, OhlcvBars bars)
    {
        var output = new double[bars.Count];
        _ = indicator switch
        {
            "SMA" => MovingAverageBatch.Sma(bars.Close, period, output),
            "EMA" => MovingAverageBatch.Ema(bars.Close, period, output),
            "WMA" => MovingAverageBatch.Wma(bars.Close, period, output),
            "RSI" => RsiBatch.Compute(bars.Close, period, output),
            "ATR" => AtrBatch.Compute(bars.High, bars.Low, bars.Close, period, output),
            _ => throw new ArgumentException($"unknown indicator '{indicator}'", nameof(indicator)),
        };
        return output;
    }
}
