using System.Text.RegularExpressions;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Tests.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

/// <summary>
/// A signal carries the values its trigger inputs held when the strategy decided (<see cref="TradeSignal.TriggerValues"/>).
/// Checked against an independent record of those inputs: every node of the strategy pipeline publishes its outputs,
/// and each carried value must equal the last value its input binding published at or before the signal's event.
/// </summary>
public sealed class TriggerValuesTests
{
    [Fact]
    public void Every_signal_carries_what_its_trigger_inputs_held_at_its_event_on_a_real_week()
    {
        var bars = StrategyRealDataTests.EsWeek();
        var yaml = Regex.Replace(StrategyPipeline.Yaml, @"(?m)^( *)- id: (\w+)\r?\n", "$1- id: $2\n$1  publish: true\n");
        var dag = StrategyPipeline.Compile(yaml);
        var pipeline = new SymbolPipeline(dag, StructureBars.Symbol, 2, 0);
        var sink = new Recorder { Values = [], Signals = [] };
        for (var i = 0; i < bars.Length; i++)
        {
            var e = MarketEvent.FromCandle(in bars[i], i + 1);
            pipeline.OnEvent(in e, ref sink);
        }

        int carried = 0, absent = 0, truncated = 0;
        var withTriggers = sink.Signals.Where(s => s.TradeSignal.Triggers.Count > 0).ToList();
        Assert.NotEmpty(withTriggers);
        foreach (var m in withTriggers)
        {
            var s = m.TradeSignal;
            var bindings = TriggerResolver.Bindings(dag, m.NodeId, s.Triggers);
            var where = $"{dag.Steps[m.NodeId].Id} signal at source sequence {m.SourceSequence} (triggers {string.Join(',', bindings)})";
            Assert.True(bindings.Count == s.TriggerValues.Inputs, $"{where}: trigger_inputs {s.TriggerValues.Inputs}, expected {bindings.Count}");
            Assert.True(Math.Min(bindings.Count, TriggerValues.Capacity) == s.TriggerValues.Count, $"{where}: {s.TriggerValues.Count} values carried");
            if (bindings.Count > TriggerValues.Capacity)
                truncated++;
            for (var i = 0; i < s.TriggerValues.Count; i++)
            {
                var (step, port) = Locate(dag, bindings[i]);
                var published = sink.Values.LastOrDefault(v => v.Step == step && v.Port == port && v.SourceSequence <= m.SourceSequence);
                if (s.TriggerValues[i] is { } value)
                {
                    Assert.True(published.Step == step && published.SourceSequence > 0, $"{where}: {bindings[i]} carried {value} but never published a value before");
                    Assert.True(BitConverter.DoubleToInt64Bits(Value(published)) == BitConverter.DoubleToInt64Bits(value),
                        $"{where}: {bindings[i]} carried {value}, its last published value (sequence {published.SourceSequence}) is {Value(published)}");
                    carried++;
                }
                else
                    absent++;
            }
        }
        // the week's signals read EMAs, trends, sweeps and zones that are mostly warmed up: most values are there
        Assert.True(carried > 3 * absent && carried > 100, $"{carried} values carried, {absent} absent");
        Assert.True(truncated > 0, "confluence binds 3 EMAs and 3 trends (6 inputs): its signals must show a truncated list");
    }

    [Fact]
    public void Values_past_the_capacity_are_counted_and_invalid_or_non_finite_ones_are_absent()
    {
        var v = default(TriggerValues);
        v.Add(1.5, true);
        v.Add(2.5, false);
        v.Add(double.NaN, true);
        v.Add(-4, true);
        v.Add(5, true);
        Assert.Equal(4, v.Count);
        Assert.Equal(5, v.Inputs);
        Assert.Equal([1.5, null, null, -4.0], Enumerable.Range(0, v.Count).Select(i => v[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => v[4]);
    }

    private static double Value(NodeOutput o) => o.Type == PortType.Number ? o.Number : o.Raw;

    /// <summary>The step and output port a reference such as <c>ema_5m</c> or <c>bos_15m.trend</c> names.</summary>
    private static (int Step, int Port) Locate(CompiledDag dag, string reference)
    {
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        var id = dot < 0 ? reference : reference[..dot];
        var step = Enumerable.Range(0, dag.Steps.Count).Single(k => dag.Steps[k].Id == id);
        var port = dot < 0 ? 0 : dag.Steps[step].Kind.Info.FindOutput(reference[(dot + 1)..]);
        Assert.True(port >= 0, $"{reference}: no such output");
        return (step, port);
    }

    private struct Recorder : IOutputSink
    {
        public List<NodeOutput> Values;
        public List<OutputMessage> Signals;

        public readonly void OnNodeOutput(in NodeOutput output) => Values.Add(output);

        public readonly void OnMessage(in OutputMessage message)
        {
            if (message.Kind == MessageType.TradeSignal)
                Signals.Add(message);
        }

        public readonly void OnCandleClosed(in Candle candle, long sourceSequence)
        {
        }

        public readonly void OnEndOfBatch()
        {
        }
    }
}
