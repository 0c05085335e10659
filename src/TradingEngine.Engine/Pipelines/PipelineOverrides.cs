namespace TradingEngine.Engine.Pipelines;

/// <summary>Applies <see cref="ParameterOverride"/>s to a loaded pipeline, before the graph builder validates it.</summary>
public static class PipelineOverrides
{
    /// <summary>
    /// A copy of <paramref name="spec"/> with each override's value in place of the file's (the kind's schema checks it
    /// at compile time, as it checks the file's own values). A node the pipeline does not declare is an error listing its nodes.
    /// </summary>
    public static PipelineSpec Apply(PipelineSpec spec, IReadOnlyList<ParameterOverride> overrides)
    {
        if (overrides.Count == 0)
            return spec;
        foreach (var o in overrides)
        {
            if (!spec.Nodes.Any(n => n.Id == o.Node))
                throw new ArgumentException($"--set {o}: {spec.File} has no node '{o.Node}' (nodes: {string.Join(", ", spec.Nodes.Select(n => n.Id))})");
        }
        var nodes = spec.Nodes.Select(node =>
        {
            var mine = overrides.Where(o => o.Node == node.Id).ToList();
            if (mine.Count == 0)
                return node;
            var parameters = node.Parameters.ToList();
            foreach (var o in mine)
            {
                var at = parameters.FindIndex(p => p.Name == o.Parameter);
                var value = new ParameterValue(o.Parameter, o.Value, at >= 0 ? parameters[at].Line : node.Line);
                if (at >= 0)
                    parameters[at] = value;
                else
                    parameters.Add(value);
            }
            return node.WithParameters(parameters);
        }).ToList();
        return spec.WithNodes(nodes);
    }
}
