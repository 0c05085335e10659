using System.Globalization;
using TradingEngine.Configuration;
using TradingEngine.Ring;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TradingEngine.Engine.Hosting;

/// <summary>
/// A bare-metal deployment profile (<c>native-profiles/*.yaml</c>): which core each engine thread is pinned to,
/// how it waits on its ring, and the ring sizes. <c>te run --profile FILE</c> applies it; a thread that no
/// assignment names runs unpinned with <see cref="DefaultWait"/>. Loaded with YamlDotNet's representation
/// model (no reflection, so it also loads in the NativeAOT build); errors name the file and line.
/// </summary>
public sealed class DeploymentProfile
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<ThreadAssignment> Threads { get; init; }
    public WaitStrategyKind DefaultWait { get; init; } = WaitStrategyKind.Blocking;
    public int InputRingSize { get; init; } = 65_536;
    public int OutputRingSize { get; init; } = 65_536;
    /// <summary>Cores left to the OS, the GC and I/O threads (documentation for the operator; not pinned by us).</summary>
    public IReadOnlyList<int> HousekeepingCpus { get; init; } = [];

    /// <summary>The first assignment whose pattern matches <paramref name="threadName"/>, in file order.</summary>
    public ThreadAssignment? For(string threadName)
    {
        foreach (var t in Threads)
            if (t.Matches(threadName))
                return t;
        return null;
    }

    /// <summary>Processor options for a ring consumer thread: its name and the CPU the profile gives it.</summary>
    public ProcessorOptions ProcessorOptionsFor(string threadName, ExceptionPolicy policy = ExceptionPolicy.LogAndContinue) =>
        new() { Name = threadName, Cpu = For(threadName)?.Cpu, ExceptionPolicy = policy };

    /// <summary>
    /// The wait strategy of <paramref name="threadName"/>. A thread pinned to a core that another assignment also names
    /// shares it, so a yielding one yields at once instead of spinning first (the spin would only hold the other back).
    /// </summary>
    public WaitStrategy WaitStrategyFor(string threadName)
    {
        var assignment = For(threadName);
        var sharesCore = assignment?.Cpu is { } cpu && Threads.Any(t => !ReferenceEquals(t, assignment) && t.Cpu == cpu);
        return WaitStrategyKinds.Create(assignment?.Wait ?? DefaultWait, sharesCore);
    }

    public static DeploymentProfile Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static DeploymentProfile Parse(TextReader text, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{fileName}:{ex.Start.Line}: not valid YAML: {ex.Message}", ex);
        }
        catch (Exception ex) when (YamlSyntaxErrors.IsMalformedYaml(ex))
        {
            throw new FormatException($"{fileName}: not valid YAML ({ex.Message})", ex);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException($"{fileName}:1: a profile is a mapping with 'name', 'threads' and 'rings'");
        if (YamlSyntaxErrors.FirstNonScalarKey(root) is { } complexKey)
            throw Error(fileName, complexKey, "mapping keys must be plain scalars");

        string? name = null;
        var description = "";
        var threads = new List<ThreadAssignment>();
        var defaultWait = WaitStrategyKind.Blocking;
        int input = 65_536, output = 65_536;
        var housekeeping = new List<int>();
        var cpuCount = Environment.ProcessorCount;

        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "name": name = Scalar(value, fileName, key); break;
                case "description": description = Scalar(value, fileName, key); break;
                case "default_wait": defaultWait = Wait(value, fileName); break;
                case "housekeeping_cpus":
                    foreach (var item in Sequence(value, fileName, key).Children)
                        housekeeping.Add(Int(item, fileName, key, 0, int.MaxValue));
                    break;
                case "rings":
                    foreach (var (rk, rv) in Mapping(value, fileName, key).Children)
                    {
                        var ringKey = ((YamlScalarNode)rk).Value;
                        var size = Int(rv, fileName, $"rings.{ringKey}", 2, 1 << 26);
                        if ((size & (size - 1)) != 0)
                            throw Error(fileName, rv, $"rings.{ringKey} is {size}; a ring size must be a power of two");
                        switch (ringKey)
                        {
                            case "input": input = size; break;
                            case "output": output = size; break;
                            default: throw Error(fileName, rk, $"unknown ring '{ringKey}' (expected input or output)");
                        }
                    }
                    break;
                case "threads":
                    foreach (var item in Sequence(value, fileName, key).Children)
                        threads.Add(Thread(item, fileName, cpuCount));
                    break;
                default:
                    throw Error(fileName, keyNode, $"unknown key '{key}' (expected name, description, default_wait, housekeeping_cpus, rings, threads)");
            }
        }
        if (name is null)
            throw new FormatException($"{fileName}:1: the profile has no 'name'");
        return new DeploymentProfile
        {
            Name = name,
            Description = description,
            Threads = threads,
            DefaultWait = defaultWait,
            InputRingSize = input,
            OutputRingSize = output,
            HousekeepingCpus = housekeeping,
        };
    }

    private static ThreadAssignment Thread(YamlNode node, string file, int cpuCount)
    {
        var map = Mapping(node, file, "threads[]");
        string? pattern = null;
        int? cpu = null;
        var wait = WaitStrategyKind.Blocking;
        foreach (var (k, v) in map.Children)
        {
            var key = ((YamlScalarNode)k).Value;
            switch (key)
            {
                case "name": pattern = Scalar(v, file, key); break;
                case "cpu":
                    var c = Int(v, file, "cpu", 0, 4095);
                    if (c >= cpuCount)
                        Console.Error.WriteLine($"{file}:{v.Start.Line}: cpu {c} does not exist on this machine ({cpuCount} CPUs); the thread will run unpinned");
                    else
                        cpu = c;
                    break;
                case "wait": wait = Wait(v, file); break;
                default: throw Error(file, k, $"unknown key '{key}' in a thread (expected name, cpu, wait)");
            }
        }
        if (string.IsNullOrEmpty(pattern))
            throw Error(file, node, "a thread needs a 'name' (journaler, publisher, sink, executor:<symbol>, executor:*)");
        return new ThreadAssignment(pattern, cpu, wait, (int)node.Start.Line);
    }

    private static WaitStrategyKind Wait(YamlNode node, string file)
    {
        var text = Scalar(node, file, "wait");
        return WaitStrategyKinds.TryParse(text, out var kind)
            ? kind
            : throw Error(file, node, $"wait strategy '{text}' is not one of {string.Join(", ", Enum.GetValues<WaitStrategyKind>().Select(WaitStrategyKinds.Name))}");
    }

    private static string Scalar(YamlNode node, string file, string key) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(file, node, $"'{key}' must be a single value");

    private static int Int(YamlNode node, string file, string key, int min, int max)
    {
        var text = Scalar(node, file, key);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(file, node, $"'{key}' is '{text}'; expected a whole number from {min} to {max}");
    }

    private static YamlMappingNode Mapping(YamlNode node, string file, string key) =>
        node as YamlMappingNode ?? throw Error(file, node, $"'{key}' must be a mapping");

    private static YamlSequenceNode Sequence(YamlNode node, string file, string key) =>
        node as YamlSequenceNode ?? throw Error(file, node, $"'{key}' must be a list");

    private static FormatException Error(string file, YamlNode node, string message) =>
        new($"{file}:{node.Start.Line}: {message}");
}
