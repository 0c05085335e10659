using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>A random DAG of <see cref="MixNode"/>s over 1m/5m/15m candles and ticks, in construction order (edges point backwards), declared in a shuffled order.</summary>
internal sealed class RandomGraph
{
    public sealed record Node(int Index, long Skip, bool Ticks, (bool Forming, int Series)[] Candles, int[] Values);

    public static readonly BarSpec[] Series = [BarSpec.Parse("1m"), BarSpec.Parse("5m"), BarSpec.Parse("15m")];

    public required Node[] Nodes { get; init; }

    public required int[] DeclarationOrder { get; init; }

    public static RandomGraph Create(int count, int seed)
    {
        var random = new Random(seed);
        var nodes = new Node[count];
        for (var k = 0; k < count; k++)
        {
            var ticks = random.Next(6) == 0;
            var candles = Enumerable.Range(0, random.Next(3) == 0 ? random.Next(1, 3) : 0)
                .Select(_ => (random.Next(2) == 0, random.Next(Series.Length))).ToArray();
            var values = k == 0 ? [] : Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(k)).ToArray();
            if (!ticks && candles.Length == 0 && values.Length == 0)
                candles = [(random.Next(2) == 0, random.Next(Series.Length))];
            nodes[k] = new Node(k, random.Next(4), ticks, candles, values);
        }
        var order = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();
        return new RandomGraph { Nodes = nodes, DeclarationOrder = order };
    }

    public PipelineSpec ToPipeline()
    {
        var specs = new List<NodeSpec>();
        var line = 1;
        foreach (var k in DeclarationOrder)
        {
            var n = Nodes[k];
            var inputs = new List<InputReference>();
            if (n.Ticks)
                inputs.Add(new InputReference("ticks", "ticks", line));
            foreach (var (forming, series) in n.Candles)
                inputs.Add(new InputReference("candles", $"{(forming ? "forming" : "candles")}:{Series[series]}", line));
            foreach (var v in n.Values)
                inputs.Add(new InputReference("values", $"n{v}", line));
            specs.Add(new NodeSpec
            {
                Id = $"n{k}",
                Kind = "test_mix",
                Line = line++,
                Parameters = [new ParameterValue("skip", n.Skip.ToString(System.Globalization.CultureInfo.InvariantCulture), line), new ParameterValue("step", k.ToString(System.Globalization.CultureInfo.InvariantCulture), line)],
                Inputs = inputs,
            });
        }
        return new PipelineSpec { File = "random.yaml", Name = "random", Timeframes = Series, Nodes = specs };
    }

    public static MarketEvent[] Events(int count, int seed, SymbolId symbol)
    {
        var random = new Random(seed);
        var time = UtcNanos.FromDateTime(new DateTime(2024, 1, 2, 14, 0, 0, DateTimeKind.Utc));
        long price = 470_000;
        var events = new MarketEvent[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(20);
            if (roll == 0)
            {
                time += random.Next(0, 600) * UtcNanos.PerSecond;
                events[i] = MarketEvent.FromTimer(symbol, time, i);
            }
            else if (roll == 1)
            {
                events[i] = MarketEvent.FromGap(symbol, time, random.Next(1, 5), GapReason.SequenceGap, i);
            }
            else if (roll == 2)
            {
                var q = new Quote { Symbol = symbol, PricePrecision = 2, EventTime = time, BidRaw = price - 1, AskRaw = price + 1, BidSizeRaw = 3, AskSizeRaw = 4 };
                events[i] = MarketEvent.FromQuote(q, i);
            }
            else
            {
                time += random.Next(0, 90) * UtcNanos.PerSecond + random.Next(1000);
                price += random.Next(-3, 4);
                var tick = Tick.Create(symbol, time, new Price(price, 2), new Quantity(random.Next(1, 10), 0));
                tick.Side = (AggressorSide)random.Next(3);
                events[i] = MarketEvent.FromTick(tick, i);
            }
        }
        return events;
    }
}
