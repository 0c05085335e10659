using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Engine.Runtime;

/// <summary>pipelines/engine.yaml loads; symbols map to pipelines (patterns too); mistakes name file and line.</summary>
public sealed class EngineConfigLoaderTests
{
    [Fact]
    public void Checked_in_engine_config_loads_and_maps_symbols_to_pipelines()
    {
        var config = EngineConfigLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), "pipelines", "engine.yaml"));
        Assert.Equal(65536, config.InputRing.Size);
        Assert.Equal("yielding", config.InputRing.Wait);
        Assert.Equal(["futures", "equities"], config.Executors.Select(e => e.Name));
        var es = config.Find("ES");
        Assert.NotNull(es);
        Assert.EndsWith("es_futures.yaml", es.Value.Assignment.Pipeline);
        Assert.True(File.Exists(es.Value.Assignment.Pipeline));
        Assert.True(File.Exists(config.InstrumentsPath));
        Assert.Null(config.Find("GC"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.ClockInterval);
    }

    [Fact]
    public void Clock_interval_is_a_duration_absent_by_default_and_a_bad_one_names_the_line()
    {
        const string head = "instruments: i.yaml\nexecutors:\n  - name: all\n    symbols:\n      - symbol: A\n        pipeline: p.yaml\n";
        Assert.Null(EngineConfigLoader.Parse(head, "e.yaml").ClockInterval);
        Assert.Equal(TimeSpan.Zero, EngineConfigLoader.Parse(head + "clock_interval: 0\n", "e.yaml").ClockInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), EngineConfigLoader.Parse(head + "clock_interval: 250ms\n", "e.yaml").ClockInterval);
        var ex = Assert.Throws<PipelineException>(() => EngineConfigLoader.Parse(head + "clock_interval: often\n", "e.yaml"));
        Assert.Equal("e.yaml:7: clock_interval 'often' is not a duration like 250ms, 1s, 2m, 1h (0 for none)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Patterns_match_and_errors_name_the_line()
    {
        var config = EngineConfigLoader.Parse("instruments: i.yaml\nexecutors:\n  - name: all\n    symbols:\n      - symbol: \"A*\"\n        pipeline: p.yaml\n", "e.yaml");
        Assert.NotNull(config.Find("AIG"));
        Assert.Null(config.Find("BAC"));
        var ex = Assert.Throws<PipelineException>(() => EngineConfigLoader.Parse("instruments: i.yaml\ninput_ring:\n  size: 1000\n  wait: spin\n", "e.yaml"));
        Assert.Equal(["e.yaml:3: ring size '1000' is not a power of two", "e.yaml:4: wait strategy 'spin' is not one of busy_spin, yielding, sleeping, blocking"], ex.Errors.Select(e => e.ToString()));
    }
}
