using TradingEngine.Hosting;
using System.Diagnostics;
using System.Globalization;
using TradingEngine.Cli;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// <c>pipeline --breakdown</c>: what each node costs per tick inside the whole pipeline, by removal. For every node,
/// the pipeline without it (and without every node that reads it, directly or not) runs the same events from memory
/// right after the full pipeline, in every round; the node's cost is the median over rounds of the full pipeline's
/// time per tick minus the reduced one's. "nothing" removes every node: aggregation, executor and event routing alone. A node's figure
/// includes its share of the walk (scheduling, dispatch, context) and its dependents', which the line names.
/// </summary>
public sealed partial class PipelineSuite
{
    private static object Breakdown(Workload w, int rounds)
    {
        var spec = PipelineLoader.LoadFile(w.Path);
        var catalog = NodeCatalogs.Standard();
        var fullDag = DagCompiler.Compile(spec, catalog);
        var variants = new List<(string Removed, string[] Dependents, CompiledDag Dag)> { ("(none: the full pipeline)", [], fullDag) };
        foreach (var node in spec.Nodes)
        {
            var removed = Downstream(fullDag, node.Id);
            variants.Add((node.Id, removed.Where(id => id != node.Id).ToArray(), DagCompiler.Compile(Without(spec, removed), catalog)));
        }
        variants.Add(("(every node)", [], DagCompiler.Compile(Without(spec, spec.Nodes.Select(n => n.Id).ToHashSet()), catalog)));

        var instrument = w.Instrument;
        SymbolExecutor NewExecutor(CompiledDag dag) =>
            new([new SymbolPipeline(dag, instrument.Id, instrument.PricePrecision, instrument.SizePrecision)]);

        double Run(CompiledDag dag)
        {
            var driver = new InMemoryDriver<CountingSink>(NewExecutor(dag), default);
            var events = w.Events;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < events.Length; i += BatchSize)
                driver.Feed(events.AsSpan(i, Math.Min(BatchSize, events.Length - i)));
            return Stopwatch.GetElapsedTime(start).TotalNanoseconds / w.Ticks;
        }

        // paired: each variant right after a run of the full pipeline, in every round; a node's cost is the median of
        // the pairs' differences, so a slow spell of the shared machine hits both sides of a pair
        var full = new List<double>();
        var reduced = variants.Select(_ => new List<double>()).ToArray();
        var costs = variants.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r <= rounds; r++)
        {
            for (var v = 1; v < variants.Count; v++)
            {
                var a = Run(variants[0].Dag);
                var b = Run(variants[v].Dag);
                if (r == 0)
                    continue; // warm-up round
                full.Add(a);
                reduced[v].Add(b);
                costs[v].Add(a - b);
            }
        }

        var fullMedian = Stats.Median(full);
        Console.WriteLine($"## {w.Name}: cost per tick by removal ({rounds} rounds of pairs, medians; full pipeline {F1(fullMedian)} ns/tick = {Rate(1e9 / fullMedian)} ticks/s, best {F1(full.Min())} ns)");
        var rows = new List<object>();
        for (var v = 1; v < variants.Count; v++)
        {
            var (removed, dependents, dag) = variants[v];
            var cost = Stats.Median(costs[v]);
            Console.WriteLine($"  {removed,-22} {F1(cost),7} ns/tick   (without it {F1(Stats.Median(reduced[v]))} ns, {dag.Steps.Count} steps" +
                (dependents.Length > 0 ? $"; also removes {string.Join(", ", dependents)})" : ")"));
            rows.Add(new { removed, alsoRemoved = dependents, steps = dag.Steps.Count, costNsPerTick = cost, pairCostsNs = costs[v], withoutNsPerTick = reduced[v] });
        }
        return new { pipeline = w.Name, rounds, fullNsPerTickMedian = fullMedian, fullNsPerTickRuns = full, variants = rows };
    }

    // the node and every node that reads it, directly or through others (the compiled steps' upstream lists; steps are
    // in topological order, so one pass forward collects them all)
    private static HashSet<string> Downstream(CompiledDag dag, string id)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal) { id };
        var gone = new bool[dag.Steps.Count];
        foreach (var step in dag.Steps)
        {
            if (step.Id == id || step.Upstream.Any(u => gone[u]))
            {
                gone[step.Order] = true;
                removed.Add(step.Id);
            }
        }
        return removed;
    }

    private static PipelineSpec Without(PipelineSpec spec, IReadOnlySet<string> removed) => new()
    {
        File = spec.File,
        Name = spec.Name,
        Timeframes = spec.Timeframes,
        TimeframeLines = spec.TimeframeLines,
        Session = spec.Session,
        TickSize = spec.TickSize,
        Nodes = spec.Nodes.Where(n => !removed.Contains(n.Id)).ToArray(),
    };

    private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
