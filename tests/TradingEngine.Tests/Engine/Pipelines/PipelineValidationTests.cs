using TradingEngine.Hosting;
using TradingEngine.Engine.Dag;
using TradingEngine.Cli;
using TradingEngine.Engine.Pipelines;

namespace TradingEngine.Tests.Engine.Pipelines;

/// <summary>One test per validation error class: each message names file:line and the node, and says what was expected.</summary>
public sealed class PipelineValidationTests
{
    private const string File = "pipelines/test.yaml";

    private static PipelineError Single(string yaml)
    {
        var ex = Assert.Throws<PipelineException>(() => DagCompiler.Compile(PipelineLoader.Parse(yaml, File), NodeCatalogs.Standard()));
        return Assert.Single(ex.Errors);
    }

    private static string Pipeline(string nodes) => "timeframes: [1m, 5m]\nnodes:\n" + nodes;

    [Fact]
    public void Candle_lateness_is_a_duration_read_into_the_spec_and_zero_when_absent()
    {
        const string nodes = "  - {id: c, kind: clock, inputs: [timer]}\n";
        Assert.Equal(TimeSpan.FromMilliseconds(250), PipelineLoader.Parse("candle_lateness: 250ms\n" + Pipeline(nodes), File).CandleLateness);
        Assert.Equal(TimeSpan.Zero, PipelineLoader.Parse(Pipeline(nodes), File).CandleLateness);
        var ex = Assert.Throws<PipelineException>(() => PipelineLoader.Parse("candle_lateness: soon\n" + Pipeline(nodes), File));
        Assert.Equal("pipelines/test.yaml:1: candle_lateness 'soon' is not a duration like 250ms, 1s, 2m, 1h (0 for none)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Undeclared_timeframe_names_file_line_node_and_the_declared_ones()
    {
        var error = Single(Pipeline("""
              - id: ema_fast
                kind: candle_field
                inputs: [candles:7m]
            """));
        Assert.Equal("pipelines/test.yaml:5: node 'ema_fast' input 'candles:7m' is not a declared timeframe (declared: 1m, 5m)", error.ToString());
    }

    [Fact]
    public void Unknown_kind()
    {
        var error = Single(Pipeline("""
              - id: ema_fast
                kind: emaa
                inputs: [candles:5m]
            """));
        Assert.StartsWith("pipelines/test.yaml:4: node 'ema_fast' kind 'emaa' is not a registered node kind (known: atr,", error.ToString());
        Assert.Contains(" ema,", error.ToString());
    }

    [Fact]
    public void Unknown_parameter()
    {
        var error = Single(Pipeline("""
              - id: fast
                kind: ema
                params: {period: 9, lenght: 3}
                inputs: [close]
              - id: close
                kind: candle_field
                inputs: [candles:5m]
            """));
        Assert.Equal("pipelines/test.yaml:5: node 'fast' parameter 'lenght' is not a parameter of kind 'ema' (expected one of period, field, emit)", error.ToString());
    }

    [Fact]
    public void Bad_parameter_value_names_the_value_and_the_range()
    {
        var error = Single(Pipeline("""
              - id: close
                kind: candle_field
                inputs: [candles:5m]
              - id: fast
                kind: ema
                params:
                  period: 0
                inputs: [close]
            """));
        Assert.Equal("pipelines/test.yaml:9: node 'fast' parameter 'period' = '0': expected a whole number in [2, 65535]", error.ToString());
    }

    [Fact]
    public void Missing_required_parameter()
    {
        var error = Single(Pipeline("""
              - id: close
                kind: candle_field
                inputs: [candles:5m]
              - id: fast
                kind: ema
                inputs: [close]
            """));
        Assert.Equal("pipelines/test.yaml:6: node 'fast' parameter 'period' of kind 'ema' is required (Integer)", error.ToString());
    }

    [Fact]
    public void Unknown_input()
    {
        var error = Single(Pipeline("""
              - id: fast
                kind: ema
                params: {period: 9}
                inputs: [clos]
            """));
        Assert.StartsWith("pipelines/test.yaml:6: node 'fast' input 'clos' is not a node id or a source", error.ToString());
    }

    [Fact]
    public void Unknown_output_port()
    {
        var error = Single(Pipeline("""
              - id: close
                kind: candle_field
                inputs: [candles:5m]
              - id: fast
                kind: ema
                params: {period: 9}
                inputs: [close.valu]
            """));
        Assert.Equal("pipelines/test.yaml:9: node 'fast' input 'close.valu': node 'close' (kind 'candle_field') has no output 'valu' (outputs: value)", error.ToString());
    }

    [Fact]
    public void Type_mismatch_names_both_types()
    {
        var error = Single(Pipeline("""
              - id: fast
                kind: ema
                params: {period: 9}
                inputs: [candles:5m]
            """));
        Assert.Equal("pipelines/test.yaml:6: node 'fast' input 'candles:5m' is Candle, but port 'source' of kind 'ema' expects Number", error.ToString());
    }

    [Fact]
    public void Duplicate_id_names_the_first_declaration()
    {
        var error = Single(Pipeline("""
              - id: close
                kind: candle_field
                inputs: [candles:5m]
              - id: close
                kind: candle_field
                inputs: [candles:1m]
            """));
        Assert.Equal("pipelines/test.yaml:6: node 'close' is a duplicate id (first declared at line 3)", error.ToString());
    }

    [Fact]
    public void Cycle_names_every_node_of_the_cycle()
    {
        var error = Single(Pipeline("""
              - id: a
                kind: difference
                inputs: [c, b]
              - id: b
                kind: ema
                params: {period: 3}
                inputs: [a]
              - id: c
                kind: candle_field
                inputs: [candles:1m]
            """));
        Assert.Equal("pipelines/test.yaml:3: node 'a' is in a cycle: a -> b -> a", error.ToString());
    }

    [Fact]
    public void Longer_cycle_is_reported_once_in_dependency_order()
    {
        var error = Single(Pipeline("""
              - id: x
                kind: ema
                params: {period: 3}
                inputs: [z]
              - id: y
                kind: ema
                params: {period: 3}
                inputs: [x]
              - id: z
                kind: ema
                params: {period: 3}
                inputs: [y]
            """));
        Assert.Equal("pipelines/test.yaml:3: node 'x' is in a cycle: x -> y -> z -> x", error.ToString());
    }

    [Fact]
    public void Too_many_inputs()
    {
        var error = Single(Pipeline("""
              - id: close
                kind: candle_field
                inputs: [candles:5m, candles:1m]
            """));
        Assert.Equal("pipelines/test.yaml:5: node 'close' input 'candles:1m' is one too many: kind 'candle_field' takes 1 input(s) (source: Candle)", error.ToString());
    }

    [Fact]
    public void Unbound_input_port()
    {
        var error = Single(Pipeline("""
              - id: diff
                kind: difference
                inputs: {a: close}
              - id: close
                kind: candle_field
                inputs: [candles:5m]
            """));
        Assert.Equal("pipelines/test.yaml:3: node 'diff' input port 'b' of kind 'difference' is not bound (expected Number)", error.ToString());
    }

    [Fact]
    public void Yaml_syntax_error_names_the_line()
    {
        var ex = Assert.Throws<PipelineException>(() => PipelineLoader.Parse("timeframes: [1m\nnodes:\n  - id: a\n", File));
        Assert.StartsWith("pipelines/test.yaml:", Assert.Single(ex.Errors).ToString());
        Assert.Contains("is not valid YAML", ex.Message);
    }

    [Fact]
    public void Unknown_node_key()
    {
        var ex = Assert.Throws<PipelineException>(() => PipelineLoader.Parse(Pipeline("""
              - id: close
                kind: candle_field
                input: [candles:5m]
            """), File));
        Assert.Equal("pipelines/test.yaml:5: node 'close' has unknown key 'input' (expected one of id, kind, params, inputs, publish, persist, description)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Bad_timeframe_declaration()
    {
        var ex = Assert.Throws<PipelineException>(() => PipelineLoader.Parse("timeframes: [1m, 7x]\nnodes: []\n", File));
        Assert.StartsWith("pipelines/test.yaml:1: timeframe '7x' is not a bar spec", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var ex = Assert.Throws<PipelineException>(() => DagCompiler.Compile(PipelineLoader.Parse(Pipeline("""
              - id: a
                kind: nope
              - id: b
                kind: candle_field
                inputs: [candles:3m]
            """), File), NodeCatalogs.Standard()));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal([4, 7], ex.Errors.Select(e => e.Line));
    }
}
