namespace TradingEngine.Engine.Pipelines;

/// <summary>A node as declared in a pipeline file, before validation.</summary>
public sealed class NodeSpec
{
    /// <summary>Unique id; other nodes reference it in their inputs.</summary>
    public required string Id { get; init; }

    /// <summary>A registered kind name.</summary>
    public required string Kind { get; init; }

    /// <summary>Line of the node's <c>- id:</c>.</summary>
    public required int Line { get; init; }

    /// <summary>Line of <c>kind:</c>.</summary>
    public int KindLine { get; init; }

    /// <summary>Parameter values in file order.</summary>
    public IReadOnlyList<ParameterValue> Parameters { get => _parameters; init => _parameters = value; }

    private IReadOnlyList<ParameterValue> _parameters = [];

    /// <summary>This node with other parameter values and everything else as it is (a copy of every member).</summary>
    public NodeSpec WithParameters(IReadOnlyList<ParameterValue> parameters)
    {
        var copy = (NodeSpec)MemberwiseClone();
        copy._parameters = parameters;
        return copy;
    }

    /// <summary>Input references in file order.</summary>
    public IReadOnlyList<InputReference> Inputs { get; init; } = [];

    /// <summary>Outputs to send to the output ring (NATS, dashboard).</summary>
    public OutputSelection Publish { get; init; } = OutputSelection.None;

    /// <summary>Outputs the database sink should keep.</summary>
    public OutputSelection Persist { get; init; } = OutputSelection.None;
}
