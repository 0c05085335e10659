using TradingEngine.Benchmarks.MarketStructure;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Strategies;

/// <summary>
/// What one node of a compiled pipeline saw on each of its evaluations, recorded from a real run of the whole
/// pipeline: the upstream outputs it binds that changed (board slot and value), its changed-input bits, and its
/// trigger candle. <see cref="StrategyNodeBenchmarks"/> replays a tape into the node alone, so the node's cost is
/// measured without the aggregation, the DAG walk and the upstream nodes, on exactly the inputs the DAG gave it.
/// </summary>
internal sealed class StrategyTape
{
    public int Step;
    public int PortBase;
    public int OutputBase;
    public int Words;
    public int TriggerTimeframe;
    public int Evaluations;
    public int TriggerCandles;
    /// <summary>Event time the recorded run spans; each replay pass moves the candles this much later.</summary>
    public long Span;
    public int[] UpdateStart = [];
    public int[] Slots = [];
    public long[] Values = [];
    public ulong[] Changed = [];
    public bool[] HasCandle = [];
    public Candle[] Candles = [];

    /// <summary>
    /// Runs <paramref name="dag"/> (every upstream node must publish its outputs) on 1m walk candles, fed as external
    /// candles of every declared timeframe (1m each minute, then 5m and 15m at their closes), until node
    /// <paramref name="nodeId"/> has evaluated on <paramref name="triggerCandles"/> of its trigger candles; records
    /// every evaluation (also those its other inputs caused) for the replay.
    /// </summary>
    public static StrategyTape Record(CompiledDag dag, string nodeId, int triggerCandles)
    {
        var step = -1;
        for (var s = 0; s < dag.Steps.Count; s++)
        {
            if (dag.Steps[s].Id == nodeId)
                step = s;
        }
        if (step < 0)
            throw new ArgumentException($"no node '{nodeId}'", nameof(nodeId));

        // The node's bindings: the slots it reads and the signals that make it run.
        var portBase = dag.PortBase[step];
        var ports = dag.Steps[step].Kind.Info.Inputs.Count;
        var bindings = new List<(int Slot, int Signal, byte Mode)>();
        for (var b = dag.PortStart[portBase]; b < dag.PortStart[portBase + ports]; b++)
            bindings.Add((dag.BindSlot[b], dag.BindSignal[b], dag.BindMode[b]));
        var trigger = dag.PortStart[portBase];
        if (dag.BindMode[trigger] != NodeContext.ModeExternal)
            throw new ArgumentException($"node '{nodeId}' must read its trigger candles as external:TF");
        var triggerTimeframe = dag.BindSlot[trigger];
        var triggerSignal = dag.BindSignal[trigger];

        var tape = new StrategyTape
        {
            Step = step,
            PortBase = portBase,
            OutputBase = dag.OutputBaseOf[step],
            Words = Math.Max(1, (dag.SourceCount + dag.Steps.Count + 63) / 64),
            TriggerTimeframe = triggerTimeframe,
        };
        var starts = new List<int> { 0 };
        var slots = new List<int>();
        var values = new List<long>();
        var changedWords = new List<ulong>();
        var hasCandle = new List<bool>();
        var candles = new List<Candle>();

        var pipeline = new SymbolPipeline(dag, new SymbolId(1), 2, 0);
        var collector = new List<NodeOutput>();
        var sink = new CollectingSink { Outputs = collector };
        var minutes = StructureCandles.Create(triggerCandles * 16 + 64);
        Span<Candle> frames = stackalloc Candle[3];
        var sequence = 0L;
        var seenTriggers = 0;
        for (var i = 0; i < minutes.Length && seenTriggers < triggerCandles; i++)
        {
            var frameCount = Frames(minutes, i, frames);
            for (var f = 0; f < frameCount && seenTriggers < triggerCandles; f++)
            {
                collector.Clear();
                var e = MarketEvent.FromCandle(in frames[f], sequence++);
                pipeline.OnEvent(in e, ref sink);
                var tf = pipeline.Candles.ExternalIndexOf(frames[f].Timeframe);
                var sourceSignal = CompiledDag.FixedSources + (CompiledDag.SourcesPerTimeframe * tf) + (EventSourceKind.ExternalCandle - EventSourceKind.CandleClose);
                var words = new ulong[tape.Words];
                var runs = false;
                foreach (var (slot, signal, _) in bindings)
                {
                    var upstream = signal - dag.SourceCount;
                    var changed = signal == sourceSignal || (upstream >= 0 && upstream != step && collector.Exists(o => o.Step == upstream));
                    if (!changed)
                        continue;
                    runs = true;
                    words[signal >> 6] |= 1UL << signal;
                }
                if (!runs)
                    continue;
                foreach (var o in collector)
                {
                    var slot = dag.OutputBaseOf[o.Step] + o.Port;
                    if (o.Step != step && bindings.Exists(b => b.Slot == slot && b.Mode == NodeContext.ModeBoard))
                    {
                        slots.Add(slot);
                        values.Add(o.Raw);
                    }
                }
                starts.Add(slots.Count);
                changedWords.AddRange(words);
                var isTrigger = (words[triggerSignal >> 6] & (1UL << triggerSignal)) != 0;
                hasCandle.Add(isTrigger);
                candles.Add(isTrigger ? frames[f] : default);
                seenTriggers += isTrigger ? 1 : 0;
            }
            tape.Span = (i + 1) * StructureCandles.Minute;
        }
        if (seenTriggers < triggerCandles)
            throw new InvalidOperationException($"node '{nodeId}' saw {seenTriggers} trigger candles, {triggerCandles} wanted");
        tape.Evaluations = hasCandle.Count;
        tape.TriggerCandles = seenTriggers;
        tape.UpdateStart = [.. starts];
        tape.Slots = [.. slots];
        tape.Values = [.. values];
        tape.Changed = [.. changedWords];
        tape.HasCandle = [.. hasCandle];
        tape.Candles = [.. candles];
        // Whole 15m periods, so a replay pass moved by the span keeps every timeframe's boundaries.
        tape.Span = (tape.Span + (15 * StructureCandles.Minute) - 1) / (15 * StructureCandles.Minute) * (15 * StructureCandles.Minute);
        return tape;
    }

    /// <summary>The external candles that close with minute <paramref name="i"/>: the 1m, then the 5m and 15m whose last minute it is.</summary>
    private static int Frames(Candle[] minutes, int i, Span<Candle> frames)
    {
        frames[0] = minutes[i];
        var n = 1;
        foreach (var (minutesPer, timeframe) in (ReadOnlySpan<(int, Timeframe)>)[(5, Timeframe.FiveMinutes), (15, Timeframe.FifteenMinutes)])
        {
            if ((i + 1) % minutesPer != 0)
                continue;
            var first = i + 1 - minutesPer;
            var c = minutes[first];
            c.Timeframe = timeframe;
            for (var k = first + 1; k <= i; k++)
            {
                ref readonly var m = ref minutes[k];
                c.HighRaw = Math.Max(c.HighRaw, m.HighRaw);
                c.LowRaw = Math.Min(c.LowRaw, m.LowRaw);
                c.CloseRaw = m.CloseRaw;
                c.VolumeRaw += m.VolumeRaw;
                c.TickCount += m.TickCount;
                c.CloseTime = m.CloseTime;
                c.LastEventTime = m.LastEventTime;
            }
            frames[n++] = c;
        }
        return n;
    }

    /// <summary>Keeps the published outputs of one event (setup only: it allocates).</summary>
    private struct CollectingSink : IOutputSink
    {
        public List<NodeOutput> Outputs;

        public readonly void OnNodeOutput(in NodeOutput output) => Outputs.Add(output);

        public readonly void OnMessage(in OutputMessage message)
        {
        }

        public readonly void OnCandleClosed(in Candle candle, long sourceSequence)
        {
        }

        public readonly void OnEndOfBatch()
        {
        }
    }
}
