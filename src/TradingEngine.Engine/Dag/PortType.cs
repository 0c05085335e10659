namespace TradingEngine.Engine.Dag;

/// <summary>
/// What flows along an edge of the DAG. The graph builder rejects an input bound to something of
/// another type, so a node never has to check at run time what it was wired to.
/// </summary>
public enum PortType : byte
{
    /// <summary>A double on the value board (prices as doubles, indicator values, ratios).</summary>
    Number = 0,

    /// <summary>A long on the value board (counts, raw fixed-point values, signals as -1/0/+1).</summary>
    Integer = 1,

    /// <summary>The tick stream (<c>ticks</c>); the node reads <see cref="NodeContext.Tick"/>.</summary>
    Tick = 2,

    /// <summary>The quote stream (<c>quotes</c>); the node reads <see cref="NodeContext.Quote"/>.</summary>
    Quote = 3,

    /// <summary>Candles of one timeframe: <c>candles:5m</c> (closed), <c>forming:5m</c> (updated in place), <c>external:5m</c>.</summary>
    Candle = 4,

    /// <summary>Timer/heartbeat events (<c>timer</c>).</summary>
    Timer = 5,

    /// <summary>Gap events (<c>gaps</c>): input that was lost upstream, counted and made visible.</summary>
    Gap = 6,
}
