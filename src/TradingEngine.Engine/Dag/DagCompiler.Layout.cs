using System.Globalization;
using System.Text;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Pipelines;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The last stage of <see cref="DagCompiler"/>, once the pipeline is valid and ordered: the steps in topological order,
/// the flat arrays of <see cref="DagLayout"/> (ports, bindings, input signals, each source's reach), each step's
/// drawing group and the fingerprint snapshots carry.
/// </summary>
public static partial class DagCompiler
{
    private static CompiledDag Build(PipelineSpec pipeline, NodeKind[] kinds, NodeParameters[] parameters, List<Binding>[] bindings,
        List<int>[] preds, int[] order, int sourceCount)
    {
        var n = order.Length;
        var stepOf = new int[n];
        for (var s = 0; s < n; s++)
            stepOf[order[s]] = s;
        var steps = new CompiledStep[n];
        var outputBase = new int[n];
        var board = 0;
        for (var s = 0; s < n; s++)
        {
            var decl = order[s];
            var step = new CompiledStep(s, pipeline.Nodes[decl], kinds[decl], parameters[decl]) { DeclarationIndex = decl, OutputBase = board };
            outputBase[s] = board;
            board += kinds[decl].Info.Outputs.Count;
            steps[s] = step;
        }
        var timeframes = pipeline.Timeframes.ToArray();

        var portBase = new List<int>();
        var portStart = new List<int>();
        var bindSlot = new List<int>();
        var bindMode = new List<byte>();
        var bindSignal = new List<int>();
        var signalStart = new List<int>();
        var signals = new List<int>();
        for (var s = 0; s < n; s++)
        {
            var decl = order[s];
            var kind = kinds[decl];
            portBase.Add(portStart.Count);
            for (var p = 0; p < kind.Info.Inputs.Count; p++)
            {
                portStart.Add(bindSlot.Count);
                foreach (var b in bindings[decl])
                {
                    if (b.Port != p)
                        continue;
                    if (b.Mode == NodeContext.ModeBoard)
                    {
                        var target = b.Slot >> 16;
                        bindSlot.Add(outputBase[stepOf[target]] + (b.Slot & 0xFFFF));
                        bindSignal.Add(sourceCount + stepOf[target]);
                    }
                    else
                    {
                        bindSlot.Add(b.Slot);
                        bindSignal.Add(b.Signal);
                    }
                    bindMode.Add(b.Mode);
                }
            }
            portStart.Add(bindSlot.Count);
            signalStart.Add(signals.Count);
            var mine = bindings[decl].Select(b => b.Signal < sourceCount ? b.Signal : sourceCount + stepOf[b.Signal - sourceCount]).Distinct().Order().ToArray();
            signals.AddRange(mine);
            steps[s].Upstream = mine.Where(x => x >= sourceCount).Select(x => x - sourceCount).ToArray();
            steps[s].Sources = mine.Where(x => x < sourceCount).Select(x => CompiledDag.SourceName(x, timeframes)).ToArray();
            steps[s].PublishedPorts = SelectPorts(pipeline.Nodes[decl].Publish, kind);
            steps[s].PersistedPorts = SelectPorts(pipeline.Nodes[decl].Persist, kind);
        }
        signalStart.Add(signals.Count);
        var signalStarts = signalStart.ToArray();
        var signalList = signals.ToArray();

        // Reverse-dependency closure per source, one pass in topological order.
        var words = (n + 63) >> 6;
        var reach = new ulong[sourceCount * words];
        for (var src = 0; src < sourceCount; src++)
        {
            for (var s = 0; s < n; s++)
            {
                for (var k = signalStarts[s]; k < signalStarts[s + 1]; k++)
                {
                    var sig = signalList[k];
                    var hit = sig == src || (sig >= sourceCount && (reach[src * words + ((sig - sourceCount) >> 6)] & (1UL << (sig - sourceCount))) != 0);
                    if (hit)
                    {
                        reach[src * words + (s >> 6)] |= 1UL << s;
                        break;
                    }
                }
            }
        }

        for (var s = 0; s < n; s++)
            steps[s].Group = GroupOf(signalStarts, signalList, s, sourceCount, steps);
        var slots = bindSlot.ToArray();
        var bindSignals = bindSignal.ToArray();
        var layout = new DagLayout(board, Fingerprint(timeframes, steps, bindSignals, slots), portBase.ToArray(), outputBase, signalStarts, signalList,
            portStart.ToArray(), slots, bindMode.ToArray(), bindSignals, reach);
        return new CompiledDag(pipeline, steps, timeframes, in layout);
    }

    private static int GroupOf(int[] signalStart, int[] signals, int s, int sourceCount, CompiledStep[] steps)
    {
        var groups = new SortedSet<int>();
        for (var k = signalStart[s]; k < signalStart[s + 1]; k++)
        {
            var sig = signals[k];
            if (sig >= sourceCount)
            {
                var g = steps[sig - sourceCount].Group;
                if (g != CompiledStep.OtherGroup)
                    groups.Add(g);
            }
            else if (sig is 0 or 1)
                groups.Add(CompiledStep.TickGroup);
            else if (sig >= CompiledDag.FixedSources)
                groups.Add((sig - CompiledDag.FixedSources) / CompiledDag.SourcesPerTimeframe);
        }
        return groups.Count switch
        {
            0 => CompiledStep.OtherGroup,
            1 => groups.Min,
            _ => CompiledStep.MixedGroup,
        };
    }

    private static int[] SelectPorts(OutputSelection selection, NodeKind kind) =>
        selection.All ? Enumerable.Range(0, kind.Info.Outputs.Count).ToArray()
                      : selection.Ports.Select(kind.Info.FindOutput).Where(p => p >= 0).Distinct().Order().ToArray();

    private static ulong Fingerprint(BarSpec[] timeframes, CompiledStep[] steps, int[] bindSignal, int[] bindSlot)
    {
        var sb = new StringBuilder();
        foreach (var tf in timeframes)
            sb.Append(tf.ToString()).Append(',');
        foreach (var step in steps)
        {
            sb.Append('|').Append(step.Id).Append(':').Append(step.Kind.Name).Append(':').Append(step.Kind.Info.StateVersion);
            foreach (var p in step.Kind.Info.Parameters)
            {
                sb.Append(';').Append(p.Name).Append('=');
                sb.Append(p.Type switch
                {
                    ParameterType.Integer => step.Parameters.Integer(p.Name).ToString(CultureInfo.InvariantCulture),
                    ParameterType.Number => BitConverter.DoubleToInt64Bits(step.Parameters.Number(p.Name)).ToString(CultureInfo.InvariantCulture),
                    ParameterType.Boolean => step.Parameters.Boolean(p.Name) ? "1" : "0",
                    ParameterType.Timeframe => step.Parameters.Timeframe(p.Name).Seconds.ToString(CultureInfo.InvariantCulture),
                    _ => step.Parameters.Text(p.Name),
                });
            }
        }
        for (var i = 0; i < bindSignal.Length; i++)
            sb.Append(',').Append(bindSignal[i]).Append('/').Append(bindSlot[i]);
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var ch in sb.ToString())
        {
            hash ^= ch;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
