using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>
/// A futures contract (ESH4, GCZ13) is an instrument of its own, resolved through its root's registry entry: tick
/// size, precisions, point value, session and default pipeline come from the root (issue 19, case 2 and 3).
/// </summary>
public class InstrumentContractTests
{
    private static InstrumentRegistry Registry(SymbolRegistry symbols) =>
        InstrumentRegistry.Load(Path.Combine(TestData.RepositoryRoot(), "pipelines", "instruments.yaml"), symbols);

    [Theory]
    [InlineData("ESH4", "ES")]
    [InlineData("ESZ23", "ES")]
    [InlineData("GCZ13", "GC")]
    [InlineData("6EH4", "6E")]
    public void A_contract_resolves_to_its_root_and_stays_its_own_symbol(string contract, string root)
    {
        var symbols = new SymbolRegistry();
        var registry = Registry(symbols);
        Assert.True(registry.TryResolve(contract, out var instrument));
        var parent = registry[root];
        Assert.Equal(contract, instrument.Symbol);
        Assert.Equal(root, instrument.Root);
        Assert.NotEqual(parent.Id, instrument.Id);
        Assert.Equal((parent.TickSize, parent.PricePrecision, parent.SizePrecision, parent.PointValue, parent.Session, parent.DefaultPipeline),
            (instrument.TickSize, instrument.PricePrecision, instrument.SizePrecision, instrument.PointValue, instrument.Session, instrument.DefaultPipeline));
        // found by id afterwards, as the engine looks instruments up
        Assert.True(registry.TryGet(symbols.GetOrAdd(contract), out var byId));
        Assert.Same(instrument, byId);
    }

    [Theory]
    [InlineData("SPY")]
    [InlineData("XYZH4")]
    [InlineData("ESH")]
    [InlineData("ESA4")]
    [InlineData("ESH444")]
    public void Anything_else_does_not_resolve_as_a_contract(string symbol)
    {
        var registry = Registry(new SymbolRegistry());
        if (symbol == "SPY")
        {
            Assert.True(registry.TryResolve(symbol, out var spy));
            Assert.Equal("SPY", spy.Root);
            return;
        }
        Assert.False(registry.TryResolve(symbol, out _));
    }

    [Theory]
    [InlineData("GC", "201312", "GCZ13")]
    [InlineData("GC", "201402", "GCG14")]
    [InlineData("ES", "202403", "ESH24")]
    public void Lean_expiries_become_contract_symbols(string root, string expiry, string expected) =>
        Assert.Equal(expected, InstrumentRegistry.ContractSymbol(root, expiry));

    [Fact]
    public void A_root_selects_each_of_its_contracts_and_a_contract_only_itself()
    {
        Assert.True(InstrumentRegistry.Selects("ES", "ESH4"));
        Assert.True(InstrumentRegistry.Selects("ES", "ES"));
        Assert.True(InstrumentRegistry.Selects("ESH4", "ESH4"));
        Assert.False(InstrumentRegistry.Selects("ESH4", "ESM4"));
        Assert.False(InstrumentRegistry.Selects("E", "ESH4"));
        Assert.False(InstrumentRegistry.Selects("GC", "ESH4"));
    }

    [Fact]
    public void Each_instrument_names_its_default_pipeline_and_the_file_exists()
    {
        var registry = Registry(new SymbolRegistry());
        var pipelines = Path.Combine(TestData.RepositoryRoot(), "pipelines");
        Assert.Equal(Path.Combine(pipelines, "es_futures.yaml"), registry["ES"].DefaultPipeline);
        Assert.Equal(Path.Combine(pipelines, "us_equity.yaml"), registry["SPY"].DefaultPipeline);
        Assert.Equal(Path.Combine(pipelines, "gc_futures.yaml"), registry["GC"].DefaultPipeline);
        Assert.Null(registry["6E"].DefaultPipeline);
        foreach (var instrument in registry.Instruments.Where(i => i.DefaultPipeline is not null))
            Assert.True(File.Exists(instrument.DefaultPipeline), $"{instrument.Symbol}: {instrument.DefaultPipeline}");
    }
}
