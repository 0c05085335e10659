// Stand-in of NinjaTrader.Data (NinjaTrader 8). Reference:
//   MarketDataEventArgs: https://ninjatrader.com/support/helpGuides/nt8/en-us/marketdataeventargs.htm
//     (Ask, Bid, Instrument, IsReset, MarketDataType, Price, Time, Volume as long)
//   OnMarketData():      https://ninjatrader.com/support/helpGuides/nt8/en-us/onmarketdata.htm
//   BarsPeriod:          https://ninjatrader.com/support/helpGuides/nt8/en-us/barsperiod.htm (BarsPeriodType, Value)
//   Bars.TickCount:      https://ninjatrader.com/support/helpGuides/nt8/en-us/tickcount.htm
using System;

namespace NinjaTrader.Data
{
    public enum MarketDataType
    {
        Ask,
        Bid,
        Last,
        DailyHigh,
        DailyLow,
        DailyVolume,
        LastClose,
        Opening,
        OpenInterest,
        Settlement,
        Unknown,
    }

    public class MarketDataEventArgs : EventArgs
    {
        /// <summary>The best ask (at the time of a Last event).</summary>
        public double Ask { get; set; }

        /// <summary>The best bid (at the time of a Last event).</summary>
        public double Bid { get; set; }

        public NinjaTrader.Cbi.Instrument Instrument { get; set; }

        public bool IsReset { get; set; }

        public MarketDataType MarketDataType { get; set; }

        public double Price { get; set; }

        /// <summary>In the platform's display time zone (Tools → Options → General), not UTC.</summary>
        public DateTime Time { get; set; }

        public long Volume { get; set; }
    }

    public enum BarsPeriodType
    {
        Tick,
        Volume,
        Range,
        Second,
        Minute,
        Day,
        Week,
        Month,
        Year,
        HeikenAshi,
        Kagi,
        LineBreak,
        PointAndFigure,
        Renko,
    }

    public class BarsPeriod
    {
        public BarsPeriodType BarsPeriodType { get; set; }

        public int Value { get; set; }
    }

    public class Bars
    {
        /// <summary>Ticks in the bar being processed.</summary>
        public int TickCount { get; set; }
    }
}
