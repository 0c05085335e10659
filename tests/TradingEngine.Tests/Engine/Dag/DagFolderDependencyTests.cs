using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// The executor (Engine/Dag) does not depend on the node kinds built on it (Engine/Nodes): a node that can be run
/// inline declares it (<c>INode.Inlining</c>) instead of the executor testing for its type, so Nodes → Dag is the only
/// direction and the folder cycle the type test made stays gone.
/// </summary>
public sealed class DagFolderDependencyTests
{
    [Fact]
    public void No_file_of_Dag_uses_the_Nodes_namespace_or_a_node_kind_type()
    {
        var dag = Path.Combine(TestData.RepositoryRoot(), "src", "TradingEngine.Engine", "Dag");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(dag, "*.cs"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal))
                    continue; // comments and doc comments may name a kind as an example
                if (code.Contains("TradingEngine.Engine.Nodes", StringComparison.Ordinal) || code.Contains("NodeBank<CandleFieldNode>", StringComparison.Ordinal))
                    offenders.Add($"{Path.GetFileName(file)}:{i + 1}: {code}");
            }
        }
        Assert.True(offenders.Count == 0, "Engine/Dag depends on Engine/Nodes:\n" + string.Join("\n", offenders));
    }
}
