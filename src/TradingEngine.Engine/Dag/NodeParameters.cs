using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The checked parameter values of one node, defaults filled in, handed to
/// <see cref="INode{TSelf}.Create"/>. Read once at build time; never on the hot path.
/// </summary>
public sealed class NodeParameters
{
    private readonly Dictionary<string, object> _values;

    /// <summary>Wraps typed values (long, double, bool, string, <see cref="Timeframe"/>) by parameter name.</summary>
    public NodeParameters(string nodeId, Dictionary<string, object> values)
    {
        NodeId = nodeId;
        _values = values;
    }

    /// <summary>The id of the node being created (for messages).</summary>
    public string NodeId { get; }

    /// <summary>An Integer parameter.</summary>
    public long Integer(string name) => Get<long>(name);

    /// <summary>An Integer parameter that must fit an int (its range in the schema should say so).</summary>
    public int Int32(string name) => checked((int)Get<long>(name));

    /// <summary>A Number parameter.</summary>
    public double Number(string name) => Get<double>(name);

    /// <summary>A Boolean parameter.</summary>
    public bool Boolean(string name) => Get<bool>(name);

    /// <summary>A Text or Choice parameter.</summary>
    public string Text(string name) => Get<string>(name);

    /// <summary>A Timeframe parameter.</summary>
    public Timeframe Timeframe(string name) => Get<Timeframe>(name);

    private T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var v))
            throw new KeyNotFoundException($"node '{NodeId}': parameter '{name}' is not in the kind's schema");
        if (v is not T typed)
            throw new InvalidCastException($"node '{NodeId}': parameter '{name}' is {v.GetType().Name}, read as {typeof(T).Name}");
        return typed;
    }
}
