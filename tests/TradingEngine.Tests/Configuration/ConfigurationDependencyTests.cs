using TradingEngine.Tests.Types;
using TradingEngine.Types;

namespace TradingEngine.Tests.Configuration;

/// <summary>
/// DESIGN: Types depends on nothing. The YAML files it describes (instrument registry, exchange calendars) are read by
/// TradingEngine.Configuration, the one project of the YAML document layer besides Engine's own loaders.
/// </summary>
public sealed class ConfigurationDependencyTests
{
    [Fact]
    public void Types_references_only_the_runtime()
    {
        var references = typeof(Price).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"TradingEngine.Types references {name}"));
        Assert.Null(typeof(Price).Assembly.GetManifestResourceStream("TradingEngine.Types.calendars.yaml"));
    }

    [Fact]
    public void The_loaders_are_in_the_configuration_assembly_and_read_what_types_defines()
    {
        var assembly = typeof(InstrumentRegistryLoader).Assembly;
        Assert.Equal("TradingEngine.Configuration", assembly.GetName().Name);
        Assert.Contains(assembly.GetReferencedAssemblies(), a => a.Name == "YamlDotNet");
        Assert.Same(assembly, typeof(ExchangeCalendars).Assembly);
        // the extension members read the same at call sites: a preset calendar and a registry parse
        Assert.Equal("cme_globex", SessionCalendar.Preset("cme_globex").Name);
        var registry = InstrumentRegistry.Parse(InstrumentRegistryTests.MinimalYaml, "test.yaml", new SymbolRegistry());
        Assert.True(registry.TryGet("ES", out _));
    }
}
