namespace TradingEngine.Tests.Infra;

/// <summary>
/// A node of a parsed YAML tree (YamlDotNet's untyped maps, lists and string scalars) with the path it was reached
/// by, so a failed expectation names where in which object it looked.
/// </summary>
public readonly struct YamlNode
{
    private readonly object? value;
    private readonly string path;

    public YamlNode(object? value, string path)
    {
        this.value = value;
        this.path = path;
    }

    public object? Value => value;

    public string Path => path;

    public bool Exists => value is not null;

    /// <summary>The child under <paramref name="key"/> (a key may hold dots: <c>app.kubernetes.io/name</c>); missing: a node that does not exist.</summary>
    public YamlNode this[string key] =>
        new(value is IDictionary<object, object> map && map.TryGetValue(key, out var child) ? child : null, $"{path}.{key}");

    /// <summary>The child at a path of keys separated by '/', e.g. <c>spec/template/spec</c>.</summary>
    public YamlNode At(string keys) => keys.Split('/').Aggregate(this, (node, key) => node[key]);

    public string? Str => value as string;

    /// <summary>The scalar, or a failure naming the path.</summary>
    public string Text => value as string ?? throw new Xunit.Sdk.XunitException($"{path}: expected a scalar, found {Describe(value)}");

    public IReadOnlyList<YamlNode> Items =>
        value is IList<object> list ? Children(list, path) : [];

    public IReadOnlyList<string> Strings => Items.Select(i => i.Text).ToList();

    public IReadOnlyDictionary<string, YamlNode> Entries =>
        value is IDictionary<object, object> map
            ? Children(map, path)
            : new Dictionary<string, YamlNode>();

    private static List<YamlNode> Children(IList<object> list, string at) => list.Select((item, i) => new YamlNode(item, $"{at}[{i}]")).ToList();

    private static Dictionary<string, YamlNode> Children(IDictionary<object, object> map, string at) =>
        map.ToDictionary(e => (string)e.Key, e => new YamlNode(e.Value, $"{at}.{e.Key}"), StringComparer.Ordinal);

    /// <summary>A map of scalars (labels, selectors) as strings.</summary>
    public IReadOnlyDictionary<string, string> StringMap => Entries.ToDictionary(e => e.Key, e => e.Value.Text, StringComparer.Ordinal);

    /// <summary>The first list item whose <paramref name="key"/> is <paramref name="name"/> (containers, ports, volumes by name).</summary>
    public YamlNode Named(string name, string key = "name")
    {
        foreach (var item in Items)
        {
            if (item[key].Str == name)
                return item;
        }
        return new YamlNode(null, $"{path}[{key}={name}]");
    }

    private static string Describe(object? v) => v switch
    {
        null => "nothing",
        IDictionary<object, object> => "a map",
        IList<object> => "a list",
        _ => v.GetType().Name,
    };

    public override string ToString() => $"{path}: {Describe(value)}";
}
