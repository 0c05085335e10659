using System.Reflection;
using System.Reflection.Emit;
using TradingEngine.Cli.Commands;

namespace TradingEngine.Tests.Cli;

/// <summary>
/// Issue #21, "the CLI only parses arguments and calls the host": no ring wiring in te, and no command composes a
/// pipeline of its own. Read from the IL of every method of the te assembly (lambdas, closures and async state
/// machines included, where the commands' actions live): what it constructs, calls or loads. The sink's writer and
/// handlers, the NATS output subscribers and publishers, and NATS subscriptions are built in TradingEngine.Hosting
/// (<c>Roles/SinkRole</c>, <c>Roles/PublisherRole</c>, the engine host), never here. Reading a part's counters for a
/// summary (te run's status line reads the rings' occupancy) is not composition.
/// </summary>
public sealed class CliCompositionTests
{
    // the parts a pipeline is composed of: wiring any of them in te is composition that belongs to the host
    private static readonly string[] PipelineParts =
    [
        "TradingEngine.Timescale.Sink.TimescaleSink",
        "TradingEngine.Timescale.Sink.OutputRingSinkHandler",
        "TradingEngine.Timescale.Sink.TickRingSinkHandler",
        "TradingEngine.Nats.ExternalPublisher",
        "TradingEngine.Nats.OutputPublisher",
        "TradingEngine.Nats.NatsOutputHandler",
        "TradingEngine.Nats.InternalOutputSubscriber`1",
        "TradingEngine.Nats.RawTickSubscriber`1",
    ];

    // te dashboard follows the internal subjects itself until the dashboard stream is a host consumer (issue #21: "later")
    private static readonly string[] NotYetInTheHost = ["DashboardCommand"];

    [Fact]
    public void The_cli_wires_no_ring()
    {
        // te run's status line reads the rings' occupancy (property getters); creating, starting or attaching to a ring is wiring
        var wiring = References(typeof(SinkCommand).Assembly)
            .Where(r => r.Target.StartsWith("TradingEngine.Ring.", StringComparison.Ordinal) && !r.Member.Contains(".get_", StringComparison.Ordinal))
            .Select(r => r.ToString()).Distinct().ToArray();
        Assert.True(wiring.Length == 0, "te wires rings itself:\n" + string.Join("\n", wiring));
    }

    [Fact]
    public void No_command_constructs_a_sink_a_publisher_or_a_nats_subscription_itself()
    {
        var references = References(typeof(SinkCommand).Assembly).ToArray();
        Assert.True(references.Length > 1000, $"only {references.Length} references read from te: the IL reader missed the commands' bodies");
        var composed = references.Where(r => PipelineParts.Contains(r.Target) && r.Member.EndsWith("..ctor", StringComparison.Ordinal)
            || r.Member.StartsWith("NATS.Client.Core.INatsConnection.Subscribe", StringComparison.Ordinal)
            || r.Member.StartsWith("NATS.Client.Core.NatsConnection.Subscribe", StringComparison.Ordinal)).ToArray();
        var outsideTheAllowance = composed.Where(r => !NotYetInTheHost.Any(name => r.From.StartsWith("TradingEngine.Cli.Commands." + name, StringComparison.Ordinal)))
            .Select(r => r.ToString()).Distinct().ToArray();
        Assert.True(outsideTheAllowance.Length == 0, "te composes a pipeline itself:\n" + string.Join("\n", outsideTheAllowance));
        // the reader sees what it must: the commands call the host's roles
        Assert.Contains(references, r => r.From.StartsWith("TradingEngine.Cli.Commands.SinkCommand", StringComparison.Ordinal) && r.Member == "TradingEngine.Hosting.Roles.SinkRole.StartAsync");
        Assert.Contains(references, r => r.From.StartsWith("TradingEngine.Cli.Commands.PublishCommand", StringComparison.Ordinal) && r.Member == "TradingEngine.Hosting.Roles.PublisherRole.StartAsync");

        // the allowance is still needed (drop it when the dashboard moves into the host)
        Assert.NotEmpty(composed);
    }

    /// <param name="Target">the type referenced (a generic one by its definition: <c>InternalOutputSubscriber`1</c>).</param>
    /// <param name="Member">the member referenced, <c>Target.Name</c> (<c>Target..ctor</c> for a constructor), or the type itself.</param>
    private sealed record Reference(string From, string Target, string Member)
    {
        public override string ToString() => $"{From} -> {Member}";
    }

    private static readonly Dictionary<int, OpCode> OneByte = [];
    private static readonly Dictionary<int, OpCode> TwoByte = [];

    static CliCompositionTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            (op.Size == 1 ? OneByte : TwoByte)[op.Value & 0xFF] = op;
        }
    }

    // every member and type token in the IL of every method of the assembly, as "Namespace.Type.Member"
    private static IEnumerable<Reference> References(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (var (target, member) in Targets(method))
                    yield return new Reference($"{type.FullName}.{method.Name}", target, member);
            }
        }
    }

    private static IEnumerable<(string Target, string Member)> Targets(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            var op = il[i] == 0xFE ? TwoByte[il[i + 1]] : OneByte[il[i]];
            i += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI or OperandType.InlineBrTarget or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                    i += 4;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                    i += 4;
                    if (member is Type t)
                        yield return (Name(t), Name(t));
                    else if (member?.DeclaringType is { } owner)
                        yield return (Name(owner), $"{Name(owner)}.{member.Name}");
                    break;
                default:
                    throw new InvalidOperationException($"{method.DeclaringType}.{method.Name}: operand type {op.OperandType} of {op.Name} not read");
            }
        }
    }

    // a generic instance by its definition's name (InternalOutputSubscriber`1), so every instantiation matches
    private static string Name(Type type)
    {
        while (type.HasElementType)
            type = type.GetElementType()!;
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition.FullName ?? $"{definition.Namespace}.{definition.Name}";
    }
}
