// Stand-in of NinjaTrader.Cbi (NinjaTrader 8). Reference:
//   Instrument:        https://ninjatrader.com/support/helpGuides/nt8/en-us/instrument.htm  (FullName, MasterInstrument)
//   MasterInstrument:  https://ninjatrader.com/support/helpGuides/nt8/en-us/masterinstrument.htm (Name, TickSize, RoundToTickSize)
namespace NinjaTrader.Cbi
{
    public class Instrument
    {
        /// <summary>e.g. "ES 03-27".</summary>
        public string FullName { get; set; }

        public MasterInstrument MasterInstrument { get; set; }
    }

    public class MasterInstrument
    {
        /// <summary>e.g. "ES".</summary>
        public string Name { get; set; }

        /// <summary>The minimum price fluctuation, e.g. 0.25.</summary>
        public double TickSize { get; set; }

        public double RoundToTickSize(double price) => System.Math.Round(price / TickSize, System.MidpointRounding.AwayFromZero) * TickSize;
    }
}
