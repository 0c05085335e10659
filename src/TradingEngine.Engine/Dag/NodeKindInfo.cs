namespace TradingEngine.Engine.Dag;

/// <summary>
/// Everything the graph builder, the YAML loader and <c>te dag</c> need to know about a node kind:
/// its name in YAML, its parameters, its input ports and its output ports. Returned by
/// <see cref="INode{TSelf}.Describe"/>.
/// </summary>
public sealed class NodeKindInfo
{
    /// <summary>Describes a kind; checks that ports and parameters are well formed.</summary>
    /// <param name="name">The <c>kind:</c> written in YAML, lower_snake_case.</param>
    /// <param name="description">One line for docs.</param>
    /// <param name="parameters">Parameter schema.</param>
    /// <param name="inputs">Input ports in positional order; in the list form of <c>inputs:</c> only the last port takes several references, other variadic ports are bound by name.</param>
    /// <param name="outputs">Output ports; the first is the default when a reference names no port.</param>
    /// <param name="stateVersion">Version of the node's snapshot layout; bump it when <c>WriteState</c> changes.</param>
    public NodeKindInfo(string name, string description, ParameterSpec[] parameters, InputPort[] inputs, OutputPort[] outputs, ushort stateVersion = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (var o in outputs)
        {
            if (o.Type is not (PortType.Number or PortType.Integer))
                throw new ArgumentException($"node kind '{name}': output '{o.Name}' has type {o.Type}; outputs are Number or Integer", nameof(outputs));
        }
        CheckUnique(name, parameters.Select(p => p.Name), "parameter");
        CheckUnique(name, inputs.Select(p => p.Name), "input");
        CheckUnique(name, outputs.Select(p => p.Name), "output");
        Name = name;
        Description = description;
        Parameters = parameters;
        Inputs = inputs;
        Outputs = outputs;
        StateVersion = stateVersion;
    }

    /// <summary>The <c>kind:</c> written in YAML.</summary>
    public string Name { get; }

    /// <summary>One line for docs.</summary>
    public string Description { get; }

    /// <summary>Parameter schema in declaration order.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Input ports in positional order.</summary>
    public IReadOnlyList<InputPort> Inputs { get; }

    /// <summary>Output ports; index 0 is the default port.</summary>
    public IReadOnlyList<OutputPort> Outputs { get; }

    /// <summary>Snapshot layout version, checked on restore.</summary>
    public ushort StateVersion { get; }

    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public ParameterSpec? FindParameter(string name)
    {
        foreach (var p in Parameters)
        {
            if (p.Name == name)
                return p;
        }
        return null;
    }

    /// <summary>Index of the output port named <paramref name="name"/>, or -1.</summary>
    public int FindOutput(string name)
    {
        for (var i = 0; i < Outputs.Count; i++)
        {
            if (Outputs[i].Name == name)
                return i;
        }
        return -1;
    }

    /// <summary>Index of the input port named <paramref name="name"/>, or -1.</summary>
    public int FindInput(string name)
    {
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Name == name)
                return i;
        }
        return -1;
    }

    private static void CheckUnique(string kind, IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (!seen.Add(n))
                throw new ArgumentException($"node kind '{kind}': {what} '{n}' is declared twice");
        }
    }
}
