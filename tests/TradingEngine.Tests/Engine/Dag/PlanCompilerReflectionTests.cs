using System.Reflection;
using TradingEngine.Engine.Dag;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// The compiled plans' code names only public members (of internal types where needed: <see cref="StepFrame"/>), so
/// renaming or hiding a private field of NodeContext or DagInstance cannot break the emitted code at run time, and
/// the emitter reads nothing by reflection on non-public members.
/// </summary>
public sealed class PlanCompilerReflectionTests
{
    [Fact]
    public void Every_member_the_plan_emitter_names_is_public()
    {
        var members = typeof(PlanCompiler).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => typeof(MemberInfo).IsAssignableFrom(f.FieldType))
            .Select(f => (f.Name, Member: (MemberInfo)f.GetValue(null)!))
            .ToList();
        Assert.True(members.Count >= 8, $"found {members.Count} member fields in PlanCompiler");
        var hidden = members.Where(m => m.Member switch
        {
            FieldInfo field => !field.IsPublic,
            MethodInfo method => !method.IsPublic,
            _ => true,
        }).Select(m => $"{m.Name}: {m.Member.DeclaringType?.Name}.{m.Member.Name}").ToList();
        Assert.True(hidden.Count == 0, "the plan emitter names non-public members: " + string.Join(", ", hidden));
    }
}
