using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// The obviously-correct evaluator the compiled DAG is checked against. It never touches the
/// compiler or executor: per event it decides which nodes run by iterating the declaration order
/// until nothing new is found (a node runs when a source it reads fired or an upstream node that runs
/// produces an output), then recomputes every running node's output from its inputs, again pass after
/// pass in declaration order, until no value moves. Candles come from its own CandleAggregator.
/// </summary>
internal sealed class NaiveReference
{
    private readonly RandomGraph _graph;
    private readonly CandleAggregator _aggregator;
    private readonly long[] _value;
    private readonly long[] _count;
    private readonly bool[] _valid;
    private long _lastTickPrice;

    public NaiveReference(RandomGraph graph, SymbolId symbol)
    {
        _graph = graph;
        _aggregator = new CandleAggregator(symbol, RandomGraph.Series, SessionCalendar.Utc, 2, 0);
        var n = graph.Nodes.Length;
        _value = new long[n];
        _count = new long[n];
        _valid = new bool[n];
    }

    public bool[] Ran { get; private set; } = [];

    public long Value(int k) => _value[k];

    public long Count(int k) => _count[k];

    public bool Valid(int k) => _valid[k];

    private struct Recorder : ICandleSink
    {
        public bool[] Closed;
        public bool[] Updated;

        public readonly void OnCandleUpdated(int spec, in Candle candle) => Updated[spec] = true;

        public readonly void OnCandleClosed(int spec, in Candle candle) => Closed[spec] = true;
    }

    public void Apply(in MarketEvent e)
    {
        var recorder = new Recorder { Closed = new bool[RandomGraph.Series.Length], Updated = new bool[RandomGraph.Series.Length] };
        _aggregator.OnEvent(in e, ref recorder);
        var tick = e.Kind == MarketEventKind.Tick;
        if (tick)
            _lastTickPrice = e.Tick.PriceRaw;

        var nodes = _graph.Nodes;
        var n = nodes.Length;
        var runs = new bool[n];
        var produces = new bool[n];
        bool more;
        do
        {
            more = false;
            foreach (var k in _graph.DeclarationOrder)
            {
                if (runs[k])
                    continue;
                var node = nodes[k];
                var trigger = (node.Ticks && tick)
                    || node.Candles.Any(c => c.Forming ? recorder.Updated[c.Series] : recorder.Closed[c.Series])
                    || node.Values.Any(v => produces[v]);
                if (!trigger)
                    continue;
                runs[k] = true;
                produces[k] = MixMath.Produces(_count[k] + 1, node.Skip);
                more = true;
            }
        }
        while (more);

        var next = (long[])_value.Clone();
        var nextValid = (bool[])_valid.Clone();
        do
        {
            more = false;
            foreach (var k in _graph.DeclarationOrder)
            {
                if (!produces[k])
                    continue;
                var node = nodes[k];
                long inputs = 0;
                if (node.Ticks)
                    inputs = unchecked(inputs * 17 + _lastTickPrice);
                foreach (var (forming, series) in node.Candles)
                {
                    var valid = forming ? _aggregator.IsForming(series) : _aggregator.HasClosed(series);
                    if (!valid)
                        continue;
                    var c = forming ? _aggregator.Forming(series) : _aggregator.LastClosed(series);
                    inputs = unchecked(inputs * 17 + MixMath.CandleTerm(c.CloseRaw, c.OpenTime, c.TickCount));
                }
                foreach (var v in node.Values)
                {
                    if (nextValid[v])
                        inputs = unchecked(inputs * 17 + next[v]);
                }
                var value = MixMath.Next(_value[k], inputs, _count[k] + 1);
                if (!nextValid[k] || next[k] != value)
                {
                    next[k] = value;
                    nextValid[k] = true;
                    more = true;
                }
            }
        }
        while (more);

        for (var k = 0; k < n; k++)
        {
            if (runs[k])
                _count[k]++;
        }
        Array.Copy(next, _value, n);
        Array.Copy(nextValid, _valid, n);
        Ran = runs;
    }
}
