using TradingEngine.Types;

namespace TradingEngine.Engine.Simulation;

/// <summary>
/// A seeded, deterministic trading session: a random walk in whole ticks whose activity switches between
/// regimes (quiet, normal, burst), with momentum in bursts, a bid/ask around each trade and the aggressor side
/// that made it, a daily halt (the session boundary) and heartbeat timer events through quiet spells. It is
/// the embedded default input of <c>./run.sh</c>: it needs no file, network or database. Only integer
/// arithmetic on raw prices and the <see cref="SplitMix64"/> stream decide the output, so the same options give
/// the same events everywhere.
/// </summary>
public sealed class SyntheticSession
{
    private readonly SyntheticSessionOptions _options;
    private readonly SymbolId _symbol;
    private SplitMix64 _random;
    private long _time;
    private long _priceRaw;
    private long _sequence;
    private int _ticksLeft;
    private int _regime; // 0 quiet, 1 normal, 2 burst
    private int _regimeLeft;
    private int _momentum;
    private long _nextTickTime;
    private long _lastEventTime;

    public SyntheticSession(SyntheticSessionOptions options, SymbolId symbol)
    {
        _options = options;
        _symbol = symbol;
        _random = new SplitMix64(options.Seed);
        _time = options.Start;
        _priceRaw = options.StartPrice.Raw;
        _ticksLeft = options.TickCount;
        _regime = 1;
        _regimeLeft = 500;
        _lastEventTime = options.Start;
        _nextTickTime = NextArrival(options.Start);
    }

    public SymbolId Symbol => _symbol;

    /// <summary>Produces the next event (a trade, or a heartbeat when the next trade is more than a heartbeat away).</summary>
    public bool TryNext(out MarketEvent evt)
    {
        if (_ticksLeft == 0)
        {
            evt = default;
            return false;
        }
        _sequence++;
        // with no trade for a heartbeat interval, time passes as a timer event on the next whole second
        var heartbeat = CeilingToSecond(_lastEventTime + _options.HeartbeatInterval);
        if (_nextTickTime > heartbeat)
        {
            _lastEventTime = heartbeat;
            evt = MarketEvent.FromTimer(_symbol, heartbeat, _sequence);
            evt.Timer.ReceiveTime = heartbeat;
            return true;
        }
        _time = _nextTickTime;
        _lastEventTime = _time;
        evt = MarketEvent.FromTick(NextTrade(), _sequence);
        _ticksLeft--;
        _nextTickTime = NextArrival(_time);
        return true;
    }

    private static long CeilingToSecond(long time) => -UtcNanos.FloorDiv(-time, UtcNanos.PerSecond) * UtcNanos.PerSecond;

    private Tick NextTrade()
    {
        if (--_regimeLeft <= 0)
            SwitchRegime();
        // price step in ticks: bursts trend (momentum), other regimes mean-revert around zero
        var u = _random.NextDouble();
        int step = u < 0.62 ? 0 : u < 0.81 ? 1 : u < 0.995 ? -1 : (_random.NextInt(2) == 0 ? 2 : -2);
        if (_regime == 2 && step != 0 && _random.NextDouble() < 0.7)
            step = Math.Abs(step) * _momentum;
        _priceRaw = Math.Max(_options.TickSizeRaw, _priceRaw + step * _options.TickSizeRaw);

        var size = 1 + (int)Math.Min(199, _random.NextExponential(_regime == 2 ? 12 : 4));
        var buy = step > 0 || (step == 0 && _random.NextInt(2) == 0);
        var tick = Tick.Create(_symbol, _time, new Price(_priceRaw, _options.StartPrice.Precision), new Quantity(size, 0));
        tick.ReceiveTime = _time + 150_000 + _random.NextInt(100_000); // 150–250 µs feed latency
        tick.Side = buy ? AggressorSide.Buy : AggressorSide.Sell;
        tick.BidRaw = buy ? _priceRaw - _options.TickSizeRaw : _priceRaw;
        tick.AskRaw = buy ? _priceRaw : _priceRaw + _options.TickSizeRaw;
        tick.Flags = TickFlags.HasBid | TickFlags.HasAsk;
        tick.Venue = 'X';
        return tick;
    }

    private void SwitchRegime()
    {
        var u = _random.NextDouble();
        _regime = u < 0.25 ? 0 : u < 0.85 ? 1 : 2;
        _regimeLeft = _regime switch { 0 => 50 + _random.NextInt(200), 1 => 300 + _random.NextInt(2000), _ => 100 + _random.NextInt(600) };
        _momentum = _random.NextInt(2) == 0 ? 1 : -1;
    }

    private long NextArrival(long from)
    {
        var meanMs = _regime switch { 0 => 4000.0, 1 => 250.0, _ => 15.0 };
        var next = from + 1_000_000 + (long)(_random.NextExponential(meanMs) * UtcNanos.PerMillisecond);
        var dayStart = UtcNanos.FloorDiv(next, UtcNanos.PerDay) * UtcNanos.PerDay;
        var timeOfDay = next - dayStart;
        if (timeOfDay >= _options.HaltStartOfDay && timeOfDay < _options.HaltEndOfDay)
            next = dayStart + _options.HaltEndOfDay + (long)(_random.NextExponential(200) * UtcNanos.PerMillisecond);
        return next;
    }
}
