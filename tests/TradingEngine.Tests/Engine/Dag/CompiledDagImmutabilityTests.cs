using System.Reflection;
using TradingEngine.Engine.Dag;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// A compiled DAG is shared by every symbol (and thread) that runs its pipeline, so nothing can change its layout once
/// it is built: its arrays are private, read-only fields read through spans, and it has no setter but
/// <see cref="CompiledDag.CompilesPlans"/> (a switch read when plans are first compiled, not a part of the layout).
/// </summary>
public sealed class CompiledDagImmutabilityTests
{
    [Fact]
    public void Its_fields_are_private_and_read_only_and_no_array_is_reachable()
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var type = typeof(CompiledDag);
        var compilesPlans = $"<{nameof(CompiledDag.CompilesPlans)}>k__BackingField";
        var open = type.GetFields(all).Where(f => !f.IsPrivate || (!f.IsInitOnly && f.Name != compilesPlans)).Select(f => f.Name).ToList();
        Assert.True(open.Count == 0, "fields that are not private and read-only: " + string.Join(", ", open));
        var setters = type.GetProperties(all).Where(p => p.SetMethod is not null && p.Name != nameof(CompiledDag.CompilesPlans)).Select(p => p.Name).ToList();
        Assert.True(setters.Count == 0, "properties with a setter: " + string.Join(", ", setters));
        var arrays = type.GetProperties(all).Where(p => p.PropertyType.IsArray).Select(p => p.Name).ToList();
        Assert.True(arrays.Count == 0, "properties that hand out an array: " + string.Join(", ", arrays));
    }
}
