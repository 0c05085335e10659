using TradingEngine.Engine.Simulation;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Simulation;

public class SyntheticSessionTests
{
    private static List<MarketEvent> Generate(SyntheticSessionOptions options)
    {
        var session = new SyntheticSession(options, new SymbolId(1));
        var events = new List<MarketEvent>();
        while (session.TryNext(out var e))
            events.Add(e);
        return events;
    }

    [Fact]
    public void Session_is_ordered_on_tick_grid_and_crosses_the_halt()
    {
        var options = new SyntheticSessionOptions();
        var events = Generate(options);
        long last = long.MinValue;
        var ticksInHalt = 0;
        var ticksAfterHalt = 0;
        foreach (var e in events)
        {
            Assert.True(e.EventTime >= last, "event time never goes backwards");
            last = e.EventTime;
            if (e.Kind != MarketEventKind.Tick)
                continue;
            Assert.Equal(0, e.Tick.PriceRaw % options.TickSizeRaw);
            Assert.True(e.Tick.SizeRaw > 0);
            Assert.True(e.Tick.BidRaw < e.Tick.AskRaw);
            var timeOfDay = e.EventTime - UtcNanos.FloorDiv(e.EventTime, UtcNanos.PerDay) * UtcNanos.PerDay;
            if (timeOfDay >= options.HaltStartOfDay && timeOfDay < options.HaltEndOfDay)
                ticksInHalt++;
            if (e.EventTime >= options.Start + 3 * UtcNanos.PerHour)
                ticksAfterHalt++;
        }
        Assert.Equal(0, ticksInHalt);
        Assert.True(ticksAfterHalt > 0, "the default session reaches the next trading session");
        Assert.Contains(events, e => e.Kind == MarketEventKind.Timer);
    }

    [Fact]
    public void Sequences_are_consecutive_from_one() 
    {
        var events = Generate(new SyntheticSessionOptions { TickCount = 5_000 });
        for (var i = 0; i < events.Count; i++)
            Assert.Equal(i + 1, events[i].SourceSequence);
    }
}
