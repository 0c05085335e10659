// Stand-in of NinjaTrader.NinjaScript and NinjaTrader.Core (NinjaTrader 8). Reference:
//   OnStateChange():  https://ninjatrader.com/support/helpGuides/nt8/en-us/onstatechange.htm (State.SetDefaults, Configure,
//                     DataLoaded, Historical, Transition, Realtime, Terminated)
//   OnBarUpdate():    https://ninjatrader.com/support/helpGuides/nt8/en-us/onbarupdate.htm
//   OnMarketData():   https://ninjatrader.com/support/helpGuides/nt8/en-us/onmarketdata.htm
//   Calculate:        https://ninjatrader.com/support/helpGuides/nt8/en-us/calculate.htm
//   Time, Open, High, Low, Close, Volume series (bar end time stamps): https://ninjatrader.com/support/helpGuides/nt8/en-us/time.htm
//   CurrentBar:       https://ninjatrader.com/support/helpGuides/nt8/en-us/currentbar.htm
//   Print():          https://ninjatrader.com/support/helpGuides/nt8/en-us/print.htm
//   NinjaScriptProperty: https://ninjatrader.com/support/helpGuides/nt8/en-us/ninjascriptproperty.htm
//   Core.Globals.GeneralOptions.TimeZoneInfo: the display time zone of Tools → Options → General (used as in
//                     https://discourse.ninjatrader.com/t/winter-summer-time-transition/3479)
// Only what the indicator uses; the test driver (Drive*) is not NinjaTrader's and is internal.
using System;
using System.Collections.Generic;
using NinjaTrader.Cbi;
using NinjaTrader.Data;

namespace NinjaTrader.NinjaScript
{
    public enum State
    {
        SetDefaults,
        Configure,
        Active,
        DataLoaded,
        Historical,
        Transition,
        Realtime,
        Terminated,
        Finalized,
    }

    public enum Calculate
    {
        OnBarClose,
        OnEachTick,
        OnPriceChange,
    }

    public interface ISeries<T>
    {
        T this[int barsAgo] { get; }
    }

    [AttributeUsage(AttributeTargets.Property)]
    public sealed class NinjaScriptPropertyAttribute : Attribute
    {
    }

    /// <summary>A series the stand-in's driver appends to; [0] is the newest bar.</summary>
    internal sealed class StandinSeries<T> : ISeries<T>
    {
        private readonly List<T> _values = new List<T>();

        public T this[int barsAgo] => _values[_values.Count - 1 - barsAgo];

        public void Add(T value) => _values.Add(value);
    }

    public abstract class NinjaScriptBase
    {
        private readonly StandinSeries<DateTime> _time = new StandinSeries<DateTime>();
        private readonly StandinSeries<double> _open = new StandinSeries<double>(), _high = new StandinSeries<double>(), _low = new StandinSeries<double>(),
            _close = new StandinSeries<double>(), _volume = new StandinSeries<double>();

        public State State { get; private set; }
        public string Name { get; set; }
        public string Description { get; set; }
        public Calculate Calculate { get; set; }
        public bool IsOverlay { get; set; }
        public int CurrentBar { get; private set; } = -1;
        public Instrument Instrument { get; internal set; }
        public BarsPeriod BarsPeriod { get; internal set; }
        public Bars Bars { get; } = new Bars();
        public ISeries<DateTime> Time => _time;
        public ISeries<double> Open => _open;
        public ISeries<double> High => _high;
        public ISeries<double> Low => _low;
        public ISeries<double> Close => _close;
        public ISeries<double> Volume => _volume;

        protected virtual void OnStateChange()
        {
        }

        protected virtual void OnBarUpdate()
        {
        }

        protected virtual void OnMarketData(MarketDataEventArgs marketDataUpdate)
        {
        }

        public void Print(object value) => Printed.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));

        internal List<string> Printed { get; } = new List<string>();

        internal void DriveState(State state)
        {
            State = state;
            OnStateChange();
        }

        internal void DriveMarketData(MarketDataEventArgs e) => OnMarketData(e);

        /// <summary>A bar closes (Calculate.OnBarClose): NinjaTrader stamps it with its end time, in display time.</summary>
        internal void DriveBarClose(DateTime endDisplayTime, double open, double high, double low, double close, double volume, int tickCount)
        {
            _time.Add(endDisplayTime);
            _open.Add(open);
            _high.Add(high);
            _low.Add(low);
            _close.Add(close);
            _volume.Add(volume);
            Bars.TickCount = tickCount;
            CurrentBar++;
            OnBarUpdate();
        }
    }
}

namespace NinjaTrader.NinjaScript.Indicators
{
    public abstract class Indicator : NinjaScriptBase
    {
    }
}

namespace NinjaTrader.Core
{
    public sealed class GeneralOptions
    {
        /// <summary>The platform's display time zone.</summary>
        public TimeZoneInfo TimeZoneInfo { get; set; } = TimeZoneInfo.Local;
    }

    public static class Globals
    {
        public static GeneralOptions GeneralOptions { get; } = new GeneralOptions();
    }
}
