using System.Text;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;

namespace TradingEngine.Hosting.Serving;

/// <summary>
/// The symbol → executor group map of an engine config (its <c>executors:</c> entries, each a group of symbols) as
/// <c>te serve executor --group NAME</c> uses it: the process runs that one entry, takes its input from a JetStream
/// stream of its own that captures only the group's subjects, and journals under a directory named after it. Two
/// groups never own one symbol (the config loader refuses it), so their streams never overlap.
/// </summary>
internal static class ExecutorGroups
{
    /// <summary>
    /// <paramref name="config"/> with only the executor named <paramref name="group"/>; an unknown name is a
    /// <see cref="PipelineException"/> naming the file and the groups it has.
    /// </summary>
    public static EngineConfig Select(EngineConfig config, string group)
    {
        var chosen = config.Executors.Where(e => string.Equals(e.Name, group, StringComparison.Ordinal)).ToArray();
        if (chosen.Length == 0)
        {
            throw new PipelineException([new PipelineError(config.File, 0, null,
                $"--group '{group}' is not an executor of this config (executors: {string.Join(", ", config.Executors.Select(e => e.Name))})")]);
        }
        return config with { Executors = chosen };
    }

    /// <summary>The group's input stream: <c>TE_IN_</c> and the name in upper case, other characters than A–Z, 0–9 as <c>_</c>.</summary>
    public static string StreamName(string group) => "TE_IN_" + Token(group).ToUpperInvariant();

    /// <summary>The group's durable consumer on its stream.</summary>
    public static string ConsumerName(string group) => "te-executor-" + Token(group);

    /// <summary>The group's key in the snapshot bucket and its journal directory's name.</summary>
    public static string Key(string group) => Token(group);

    private static string Token(string group)
    {
        var text = new StringBuilder(group.Length);
        foreach (var c in group)
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return text.ToString();
    }
}
