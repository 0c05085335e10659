using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TradingEngine.Tests.Infra;

/// <summary>
/// Kubernetes objects parsed from a multi-document YAML stream (what <c>kubectl kustomize</c> prints, or a rendered
/// chart), with the lookups the infra tests share.
/// </summary>
public sealed class K8sObjects
{
    private K8sObjects(IReadOnlyList<YamlNode> all) => All = all;

    public IReadOnlyList<YamlNode> All { get; }

    public static K8sObjects Parse(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<YamlNode>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object?>(parser);
            if (document is null)
                continue;
            var node = new YamlNode(document, source);
            objects.Add(new YamlNode(document, $"{source}: {node["kind"].Str}/{node.At("metadata/name").Str}"));
        }
        return new K8sObjects(objects);
    }

    public IEnumerable<YamlNode> OfKind(string kind) => All.Where(o => o["kind"].Str == kind);

    public YamlNode? Find(string kind, string name) =>
        OfKind(kind).Where(o => o.At("metadata/name").Str == name).Select(o => (YamlNode?)o).FirstOrDefault();

    public YamlNode Single(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException(
            $"no {kind} named '{name}' among: {string.Join(", ", All.Select(o => $"{o["kind"].Str}/{o.At("metadata/name").Str}"))}");

    /// <summary>The te role Deployments (label app.kubernetes.io/name=trading-engine), keyed by their component label.</summary>
    public IReadOnlyList<YamlNode> Roles(string component) =>
        OfKind("Deployment").Where(d => d.At("metadata/labels")["app.kubernetes.io/name"].Str == "trading-engine"
                                        && d.At("metadata/labels")["app.kubernetes.io/component"].Str == component).ToList();

    public IReadOnlyList<YamlNode> TeDeployments =>
        OfKind("Deployment").Where(d => d.At("metadata/labels")["app.kubernetes.io/name"].Str == "trading-engine").ToList();

    /// <summary>The Service named <paramref name="name"/> whose selector picks the pods of a workload in this set, with that workload.</summary>
    public (YamlNode Service, YamlNode Workload) ServiceAndWorkload(string name)
    {
        var service = Single("Service", name);
        var selector = service.At("spec/selector").StringMap;
        var workloads = All.Where(o => o["kind"].Str is "Deployment" or "StatefulSet"
                                       && selector.All(s => o.At("spec/template/metadata/labels")[s.Key].Str == s.Value)).ToList();
        Assert.True(workloads.Count == 1, $"Service {name} selects {workloads.Count} workloads ({string.Join(", ", workloads.Select(w => w.Path))}), expected one");
        return (service, workloads[0]);
    }
}
