using System;

namespace TradingEngine.Feeder
{
    /// <summary>
    /// NinjaTrader hands prices over as <c>double</c> (4500.25 may arrive as 4500.2499999); the contract wants the exact
    /// price. Rounding to the nearest multiple of the instrument's tick size and computing in decimal gives it.
    /// </summary>
    public static class TickRounding
    {
        /// <summary>The exact price: the nearest whole number of ticks times the tick size, without trailing zeros.</summary>
        public static decimal ToTick(double price, double tickSize)
        {
            if (double.IsNaN(price) || double.IsInfinity(price))
                throw new ArgumentOutOfRangeException(nameof(price), price, "a price must be a finite number");
            if (!(tickSize > 0))
                throw new ArgumentOutOfRangeException(nameof(tickSize), tickSize, "the tick size must be positive");
            var tick = (decimal)tickSize; // decimal(double) keeps 15 significant digits: 0.01 → 0.01, 0.25 → 0.25
            var ticks = Math.Round(price / tickSize, MidpointRounding.AwayFromZero);
            return Normalize((decimal)ticks * tick);
        }

        /// <summary>The same value with no trailing zeros (4500.250 → 4500.25), so its text has as many decimals as it needs.</summary>
        public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
    }
}
