using TradingEngine.Cli.Commands;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Cli;

/// <summary><c>te dag</c>: timeframe subgraphs, arrows from what each node reads, step numbers in execution order.</summary>
public sealed class DagCommandTests
{
    private static CompiledDag Compile(string yaml) => DagCompiler.Compile(PipelineLoader.Parse(yaml, "t.yaml"), DagCommand.Catalog());

    private const string Yaml = """
        timeframes: [1m, 5m]
        nodes:
          - id: macd
            kind: difference
            inputs: [fast, close_5m]
          - id: close_5m
            kind: candle_field
            inputs: [candles:5m]
          - id: fast
            kind: ema
            params: {period: 3}
            inputs: [close_5m]
          - id: vwap
            kind: tick_vwap
            params: {session: utc}
            inputs: [ticks]
          - id: last_1m
            kind: candle_field
            inputs: [forming:1m]
          - id: cross
            kind: cross_signal
            inputs: [last_1m, vwap]
        """;

    [Fact]
    public void Mermaid_groups_by_timeframe_numbers_steps_and_draws_every_edge()
    {
        var text = DagCommand.Render(Compile(Yaml), "mermaid");
        Assert.Equal("""
            flowchart LR
              subgraph g0["ticks & quotes"]
                src_ticks(["ticks"])
                vwap["4. vwap<br/>tick_vwap"]
              end
              subgraph g1["1m"]
                src_forming_1m(["forming:1m"])
                last_1m["5. last_1m<br/>candle_field"]
              end
              subgraph g2["5m"]
                src_candles_5m(["candles:5m"])
                close_5m["1. close_5m<br/>candle_field"]
                fast["2. fast<br/>ema"]
                macd["3. macd<br/>difference"]
              end
              subgraph g3["cross-timeframe"]
                cross["6. cross<br/>cross_signal"]
              end
              src_candles_5m --> close_5m
              close_5m --> fast
              close_5m --> macd
              fast --> macd
              src_ticks --> vwap
              src_forming_1m --> last_1m
              vwap --> cross
              last_1m --> cross

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Dot_has_one_cluster_per_group_and_the_same_edges()
    {
        var text = DagCommand.Render(Compile(Yaml), "dot");
        Assert.StartsWith("digraph \"t\" {", text);
        Assert.Equal(4, text.Split("subgraph cluster_").Length - 1);
        Assert.Contains("\"fast\" [label=\"2. fast\\nema\"];", text);
        Assert.Contains("\"src_candles_5m\" -> \"close_5m\";", text);
        Assert.Contains("\"last_1m\" -> \"cross\";", text);
        Assert.Equal(8, text.Split(" -> ").Length - 1);
    }

    [Fact]
    public void Json_lists_groups_steps_by_their_node_id_and_the_same_edges()
    {
        var root = System.Text.Json.JsonDocument.Parse(DagCommand.Render(Compile(Yaml), "json")).RootElement;
        Assert.Equal("t", root.GetProperty("pipeline").GetString());
        var groups = root.GetProperty("groups").EnumerateArray().Select(g =>
            g.GetProperty("label").GetString() + ": "
            + string.Join(", ", g.GetProperty("sources").EnumerateArray().Select(s => $"{s.GetProperty("id").GetString()}={s.GetProperty("name").GetString()}"))
            + " | " + string.Join(", ", g.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("step").GetInt32()} {s.GetProperty("id").GetString()} {s.GetProperty("kind").GetString()} "
                + System.Text.Json.JsonSerializer.Serialize(s.GetProperty("ports")))));
        Assert.Equal(
        [
            "ticks & quotes: src_ticks=ticks | 3 vwap tick_vwap [[\"ticks\"]]",
            "1m: src_forming_1m=forming:1m | 4 last_1m candle_field [[\"forming:1m\"]]",
            "5m: src_candles_5m=candles:5m | 0 close_5m candle_field [[\"candles:5m\"]], 1 fast ema [[\"close_5m\"],[]], 2 macd difference [[\"fast\"],[\"close_5m\"]]",
            "cross-timeframe:  | 5 cross cross_signal [[\"last_1m\"],[\"vwap\"]]",
        ], groups);
        var edges = root.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetString()} -> {e.GetProperty("to").GetString()}");
        Assert.Equal(
        [
            "src_candles_5m -> close_5m", "close_5m -> fast", "close_5m -> macd", "fast -> macd",
            "src_ticks -> vwap", "src_forming_1m -> last_1m", "vwap -> cross", "last_1m -> cross",
        ], edges);
    }

    [Fact]
    public void Every_checked_in_pipeline_draws()
    {
        foreach (var file in new[] { "pipelines/es_futures.yaml", "pipelines/nq_futures.yaml", "pipelines/us_equity.yaml", "pipelines/template.yaml", "perf/pipelines/bench.yaml" })
        {
            var dag = DagCompiler.Compile(PipelineLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), file)), DagCommand.Catalog());
            var text = DagCommand.Render(dag, "mermaid");
            foreach (var step in dag.Steps)
                Assert.Contains($"{step.Order + 1}. {step.Id}<br/>", text);
        }
    }

    [Fact]
    public void Kinds_lists_ports_and_parameters()
    {
        var text = DagCommand.DescribeKinds(DagCommand.Catalog());
        Assert.Contains("ema: ", text);
        Assert.Contains("  params:  period: Integer (required)", text);
        Assert.Contains("  inputs:  ticks: Tick, refresh: Candle?", text);
    }
}
