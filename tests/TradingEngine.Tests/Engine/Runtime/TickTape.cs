using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Runtime;

/// <summary>An endless, allocation-free, seeded stream of market events (mostly ticks; some quotes, timers and gaps) with rising event time.</summary>
internal struct TickTape
{
    private ulong _state;
    private long _time;
    private long _price;
    private long _sequence;
    private readonly SymbolId _symbol;

    public TickTape(SymbolId symbol, ulong seed)
    {
        _symbol = symbol;
        _state = seed | 1;
        _time = UtcNanos.FromDateTime(new DateTime(2024, 3, 4, 14, 30, 0, DateTimeKind.Utc));
        _price = 512_000;
        _sequence = 0;
    }

    public MarketEvent Next()
    {
        var r = NextRandom();
        _sequence++;
        var roll = r % 1000;
        if (roll == 0)
            return MarketEvent.FromTimer(_symbol, _time + (long)(r >> 20) % (300 * UtcNanos.PerSecond), _sequence);
        if (roll == 1)
            return MarketEvent.FromGap(_symbol, _time, 1 + (long)(r >> 40) % 4, GapReason.SequenceGap, _sequence);
        if (roll < 50)
        {
            var q = new Quote { Symbol = _symbol, PricePrecision = 2, EventTime = _time, BidRaw = _price - 25, AskRaw = _price, BidSizeRaw = 5, AskSizeRaw = 7 };
            return MarketEvent.FromQuote(q, _sequence);
        }
        _time += (long)((r >> 16) % 40_000_000); // ~50 ticks/s on average
        _price += ((long)((r >> 48) % 5) - 2) * 25;
        var tick = Tick.Create(_symbol, _time, new Price(_price, 2), new Quantity(1 + (long)((r >> 32) % 9), 0));
        tick.Side = (AggressorSide)((r >> 8) % 3);
        return MarketEvent.FromTick(tick, _sequence);
    }

    private ulong NextRandom()
    {
        // xorshift64*: cheap, deterministic, allocation-free
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 2685821657736338717UL;
    }
}
