// DataFeederIndicator: NinjaTrader 8 → TradingEngine HTTP gateway (docs/ninjatrader.md).
// NinjaScript: compiled by NinjaTrader 8 for .NET Framework 4.8 with its C# 7.3 compiler, together with the feeder core
// (src/TradingEngine.Feeder: copy its .cs files, or reference TradingEngine.Feeder.dll, as docs/ninjatrader.md says).
// It only converts and enqueues: OnMarketData and OnBarUpdate never wait for the network; the feeder's own thread batches,
// retries and spills. Tested against a stand-in of the NinjaTrader API (tests/TradingEngine.NinjaScript.Standin).
#region Using declarations
using System;
using System.ComponentModel.DataAnnotations;
using System.IO;
using System.Xml.Serialization;
using NinjaTrader.Data;
using TradingEngine.Feeder;
#endregion

namespace NinjaTrader.NinjaScript.Indicators
{
    public class DataFeederIndicator : Indicator
    {
        private MarketDataFeeder feeder;
        private DisplayTimeConverter marketClock;
        private DisplayTimeConverter barClock;
        private double tickSize;
        private string symbol;
        private string timeframe;
        private TimeSpan barLength;
        private decimal bid, ask, bidSize, askSize;

        [NinjaScriptProperty]
        [Display(Name = "Gateway URL", Description = "e.g. https://gateway.example:8443", Order = 1, GroupName = "Gateway")]
        public string GatewayUrl { get; set; }

        [NinjaScriptProperty]
        [Display(Name = "Feeder id", Description = "the feeder id in the gateway config", Order = 2, GroupName = "Gateway")]
        public string FeederId { get; set; }

        /// <summary>Not saved in the workspace (XmlIgnore): enter it each time, or use Token file.</summary>
        [XmlIgnore]
        [Display(Name = "Token", Description = "the feeder's bearer token (not saved in the workspace)", Order = 3, GroupName = "Gateway")]
        public string Token { get; set; }

        [NinjaScriptProperty]
        [Display(Name = "Token file", Description = "a file whose first line is the token (used when Token is empty)", Order = 4, GroupName = "Gateway")]
        public string TokenFile { get; set; }

        [NinjaScriptProperty]
        [Display(Name = "Symbol", Description = "the engine's symbol for this instrument (empty: the master instrument's name, e.g. ES)", Order = 5, GroupName = "Data")]
        public string Symbol { get; set; }

        [NinjaScriptProperty]
        [Range(1, 20000)]
        [Display(Name = "Batch size", Description = "most messages per POST", Order = 6, GroupName = "Data")]
        public int BatchSize { get; set; }

        [NinjaScriptProperty]
        [Display(Name = "Send quotes", Order = 7, GroupName = "Data")]
        public bool SendQuotes { get; set; }

        [NinjaScriptProperty]
        [Display(Name = "Send bars", Description = "closed bars of a time-based chart as candles.external", Order = 8, GroupName = "Data")]
        public bool SendBars { get; set; }

        [NinjaScriptProperty]
        [Display(Name = "Spill directory", Description = "where batches wait while the gateway is unreachable", Order = 9, GroupName = "Data")]
        public string SpillDirectory { get; set; }

        /// <summary>What the feeder did (null before State.Realtime).</summary>
        [XmlIgnore]
        public FeederStats FeederStats => feeder == null ? null : feeder.Stats;

        protected override void OnStateChange()
        {
            if (State == State.SetDefaults)
            {
                Name = "DataFeederIndicator";
                Description = "Sends trades, quotes and bars to a TradingEngine gateway (POST /v1/md/batches)";
                Calculate = Calculate.OnBarClose;
                IsOverlay = true;
                GatewayUrl = "https://127.0.0.1:8443";
                FeederId = "nt8";
                BatchSize = 500;
                SendQuotes = true;
                SendBars = true;
                SpillDirectory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.MyDocuments), "NinjaTrader 8", "te-spill");
            }
            else if (State == State.DataLoaded)
            {
                // NinjaTrader stamps everything in its display time zone, which may observe daylight saving: convert explicitly
                marketClock = new DisplayTimeConverter(NinjaTrader.Core.Globals.GeneralOptions.TimeZoneInfo);
                barClock = new DisplayTimeConverter(NinjaTrader.Core.Globals.GeneralOptions.TimeZoneInfo);
                tickSize = Instrument.MasterInstrument.TickSize;
                symbol = string.IsNullOrEmpty(Symbol) ? Instrument.MasterInstrument.Name : Symbol;
                timeframe = BarTimeframe.Of(UnitOf(BarsPeriod.BarsPeriodType), BarsPeriod.Value, out barLength);
            }
            else if (State == State.Realtime)
            {
                // live data only: history is the engine's to import (te import), not to be re-sent on every chart reload
                var token = string.IsNullOrEmpty(Token) && !string.IsNullOrEmpty(TokenFile) ? File.ReadAllLines(TokenFile)[0].Trim() : Token;
                var session = MarketDataFeeder.NewSession();
                feeder = new MarketDataFeeder(new FeederOptions
                {
                    GatewayUrl = new Uri(GatewayUrl),
                    Token = token,
                    FeederId = FeederId,
                    Session = session,
                    BatchSize = BatchSize,
                    SpillDirectory = Path.Combine(SpillDirectory, FeederId),
                });
                Print("DataFeederIndicator: " + Instrument.FullName + " as " + symbol + " to " + GatewayUrl + " (session " + session + ")");
            }
            else if (State == State.Terminated)
            {
                if (feeder != null)
                {
                    feeder.Dispose();
                    Print("DataFeederIndicator: stopped: " + feeder.Stats);
                    feeder = null;
                }
            }
        }

        protected override void OnMarketData(MarketDataEventArgs marketDataUpdate)
        {
            if (feeder == null)
                return;
            var e = marketDataUpdate;
            switch (e.MarketDataType)
            {
                case MarketDataType.Last:
                {
                    var price = TickRounding.ToTick(e.Price, tickSize);
                    // NinjaTrader gives the inside bid/ask at the trade; fall back to the last ones seen
                    var b = e.Bid > 0 ? TickRounding.ToTick(e.Bid, tickSize) : bid;
                    var a = e.Ask > 0 ? TickRounding.ToTick(e.Ask, tickSize) : ask;
                    feeder.TryEnqueue(FeedEvent.Trade(symbol, marketClock.ToUtcNanos(e.Time), price, e.Volume, AggressorClassifier.Classify(price, b, a), b, a));
                    break;
                }
                case MarketDataType.Bid:
                    bid = TickRounding.ToTick(e.Price, tickSize);
                    bidSize = e.Volume;
                    SendQuote(e.Time);
                    break;
                case MarketDataType.Ask:
                    ask = TickRounding.ToTick(e.Price, tickSize);
                    askSize = e.Volume;
                    SendQuote(e.Time);
                    break;
            }
        }

        private void SendQuote(DateTime time)
        {
            if (SendQuotes && bid > 0 && ask > 0)
                feeder.TryEnqueue(FeedEvent.Quote(symbol, marketClock.ToUtcNanos(time), bid, bidSize, ask, askSize));
        }

        protected override void OnBarUpdate()
        {
            // Calculate.OnBarClose: [0] is the bar that just closed, stamped with its end time
            if (feeder == null || !SendBars || timeframe == null)
                return;
            var close = barClock.ToUtcNanos(Time[0]);
            var open = close - barLength.Ticks * 100;
            feeder.TryEnqueue(FeedEvent.Bar(symbol, timeframe, open, close, TickRounding.ToTick(Open[0], tickSize), TickRounding.ToTick(High[0], tickSize),
                TickRounding.ToTick(Low[0], tickSize), TickRounding.ToTick(Close[0], tickSize), (decimal)Volume[0], Bars.TickCount));
        }

        private static string UnitOf(BarsPeriodType type)
        {
            switch (type)
            {
                case BarsPeriodType.Second: return "second";
                case BarsPeriodType.Minute: return "minute";
                case BarsPeriodType.Day: return "day";
                case BarsPeriodType.Week: return "week";
                default: return null;
            }
        }
    }
}
