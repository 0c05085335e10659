using System;
using System.Globalization;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// A time-based bar period as the contract's timeframe text (<c>30s</c>, <c>1m</c>, <c>4h</c>, <c>1d</c>, <c>1w</c>) and
    /// its length; NinjaTrader's tick, volume, range and other non-time bars have no timeframe and are not sent as candles.
    /// </summary>
    public static class BarTimeframe
    {
        /// <summary>The timeframe of <paramref name="value"/> units (<c>second</c>, <c>minute</c>, <c>day</c>, <c>week</c>), or null when not time-based.</summary>
        public static string Of(string unit, int value, out TimeSpan length)
        {
            length = TimeSpan.Zero;
            if (value < 1)
                return null;
            switch (unit)
            {
                case "second":
                    length = TimeSpan.FromSeconds(value);
                    return value % 3600 == 0 ? (value / 3600).ToString(CultureInfo.InvariantCulture) + "h"
                        : value % 60 == 0 ? (value / 60).ToString(CultureInfo.InvariantCulture) + "m"
                        : value.ToString(CultureInfo.InvariantCulture) + "s";
                case "minute":
                    length = TimeSpan.FromMinutes(value);
                    return value % 60 == 0 ? (value / 60).ToString(CultureInfo.InvariantCulture) + "h" : value.ToString(CultureInfo.InvariantCulture) + "m";
                case "day":
                    length = TimeSpan.FromDays(value);
                    return value.ToString(CultureInfo.InvariantCulture) + "d";
                case "week":
                    length = TimeSpan.FromDays(7 * value);
                    return value.ToString(CultureInfo.InvariantCulture) + "w";
                default:
                    return null;
            }
        }
    }
}
