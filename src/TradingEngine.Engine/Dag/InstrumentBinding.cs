using System.Globalization;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// Binds a pipeline to the instrument it runs on, so money and price steps come from the instrument registry, not
/// from a number copied into the YAML for another market:
/// <list type="bullet">
/// <item>the pipeline's own <c>tick_size:</c>, when given, must be a whole multiple of the instrument's tick size;</item>
/// <item>a node parameter <c>point_value</c> (strategies: money per point) is the instrument's point value when the
/// node leaves it out, and an error when it gives another value (es_futures.yaml's 50 on SPY, whose point value is
/// 1, would report P&amp;L 50 times too large);</item>
/// <item>a node parameter <c>tick_size</c> (strategies' stop buffer and slippage, structure tolerances, footprint and
/// profile bins) is the instrument's tick size when left out, and must be a whole multiple of it when given (a
/// coarser bin is a choice; a step finer than the market's, or off its grid, is a pipeline written for another
/// instrument).</item>
/// </list>
/// Every problem is a <see cref="PipelineError"/> naming file, line, node, the value and the instrument's. It reads the
/// node catalog (which kinds declare the parameters), so it sits with the compiler, not with the YAML model (Pipelines/).
/// </summary>
public static class InstrumentBinding
{
    /// <summary>The parameter that carries money per point of price per unit.</summary>
    public const string PointValue = "point_value";

    /// <summary>The parameter that carries the price step.</summary>
    public const string TickSize = "tick_size";

    /// <summary>
    /// <paramref name="spec"/> with <see cref="PointValue"/> and <see cref="TickSize"/> filled from
    /// <paramref name="instrument"/> where a node's kind declares them and the node leaves them out; throws a
    /// <see cref="PipelineException"/> listing every value that contradicts the instrument.
    /// </summary>
    public static PipelineSpec Bind(PipelineSpec spec, Instrument instrument, NodeCatalog catalog)
    {
        var tick = instrument.TickSize.ToDecimal();
        var errors = new List<PipelineError>();
        if (spec.TickSize is { } declared && !IsMultiple(declared, tick))
        {
            errors.Add(new PipelineError(spec.File, 0, null,
                $"tick_size {Text(declared)} is not a whole multiple of {instrument.Symbol}'s tick size {Text(tick)} in the instrument registry: this pipeline is written for another instrument"));
        }
        var nodes = new List<NodeSpec>(spec.Nodes.Count);
        foreach (var node in spec.Nodes)
        {
            if (!catalog.TryGet(node.Kind, out var kind))
            {
                nodes.Add(node); // the compiler names the unknown kind
                continue;
            }
            var parameters = node.Parameters.ToList();
            if (kind.Info.FindParameter(PointValue) is not null)
            {
                var given = parameters.FirstOrDefault(p => p.Name == PointValue);
                if (given is null)
                    parameters.Add(new ParameterValue(PointValue, Text(instrument.PointValue), node.Line));
                else if (!TryParse(given.Text, out var value) || value != instrument.PointValue)
                {
                    errors.Add(new PipelineError(spec.File, given.Line, node.Id,
                        $"point_value {given.Text} is not {instrument.Symbol}'s point value {Text(instrument.PointValue)} {instrument.Currency} in the instrument registry: leave it out (the registry's is used) or run this pipeline on the instrument it was written for"));
                }
            }
            if (kind.Info.FindParameter(TickSize) is not null)
            {
                var given = parameters.FirstOrDefault(p => p.Name == TickSize);
                if (given is null)
                    parameters.Add(new ParameterValue(TickSize, Text(tick), node.Line));
                else if (!TryParse(given.Text, out var value) || !IsMultiple(value, tick))
                {
                    errors.Add(new PipelineError(spec.File, given.Line, node.Id,
                        $"tick_size {given.Text} is not a whole multiple of {instrument.Symbol}'s tick size {Text(tick)} in the instrument registry: leave it out (the registry's is used) or give a multiple of it"));
                }
            }
            nodes.Add(parameters.Count == node.Parameters.Count ? node : node.WithParameters(parameters));
        }
        if (errors.Count > 0)
            throw new PipelineException(errors);
        return spec.WithNodes(nodes);
    }

    /// <summary>
    /// What makes two instruments bind a pipeline the same way (its compiled DAG can be shared by both).
    /// </summary>
    public static (decimal TickSize, decimal PointValue) Key(Instrument instrument) => (instrument.TickSize.ToDecimal(), instrument.PointValue);

    private static bool IsMultiple(decimal value, decimal tick) => value > 0 && tick > 0 && value % tick == 0;

    private static bool TryParse(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string Text(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
