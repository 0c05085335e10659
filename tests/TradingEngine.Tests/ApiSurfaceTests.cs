using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace TradingEngine.Tests;

/// <summary>
/// Issue 22, item 5: each src project's public types are the ones another src project uses; the rest is internal (the
/// test, benchmark, perf and fuzz projects see internals through src/Directory.Build.props). A type stays public when
/// another src assembly references it in its metadata, or when a public signature of such a type names it (C# then
/// requires it public). The CLI has no public type. Feeder is left out: its public types are the API of the NinjaScript
/// indicator, which NinjaTrader compiles outside this solution (docs/ninjatrader.md).
/// </summary>
public sealed class ApiSurfaceTests
{
    private static readonly string[] s_notSource =
        ["TradingEngine.Tests", "TradingEngine.IntegrationTests", "TradingEngine.Perf", "TradingEngine.Benchmarks", "TradingEngine.Fuzz", "TradingEngine.NinjaScript.Standin"];

    [Fact]
    public void The_cli_exports_no_type()
    {
        var cli = Assembly.Load("te");
        Assert.Empty(cli.GetExportedTypes());
    }

    [Fact]
    public void Every_public_type_is_used_by_another_source_project_or_named_by_a_public_signature_of_one()
    {
        var assemblies = SourceAssemblies();
        Assert.True(assemblies.Count >= 12, $"found only {assemblies.Count} src assemblies next to the tests: {string.Join(", ", assemblies.Select(a => a.GetName().Name))}");
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
            referenced.UnionWith(TypeReferences(assembly.Location, assemblies.Select(a => a.GetName().Name!).ToHashSet()));

        var exported = assemblies.Where(a => a.GetName().Name != "TradingEngine.Feeder")
            .SelectMany(a => a.GetExportedTypes()).Where(t => !t.IsNested).ToList();
        var kept = exported.Where(t => referenced.Contains(Key(t))).ToHashSet();
        // a type a kept type's public surface names must stay public too; repeat until nothing is added
        for (var added = true; added;)
        {
            added = false;
            foreach (var type in kept.ToList())
                foreach (var named in Surface(type))
                    if (exported.Contains(named) && kept.Add(named))
                        added = true;
        }
        var needless = exported.Where(t => !kept.Contains(t)).Select(t => $"{t.Assembly.GetName().Name}: {t.FullName}").Order(StringComparer.Ordinal).ToList();
        Assert.True(needless.Count == 0,
            $"{needless.Count} public types no other src project uses (make them internal; tests see internals):\n  " + string.Join("\n  ", needless));
    }

    private static List<Assembly> SourceAssemblies()
    {
        var directory = AppContext.BaseDirectory;
        return Directory.GetFiles(directory, "TradingEngine.*.dll").Append(Path.Combine(directory, "te.dll"))
            .Where(File.Exists)
            .Select(f => AssemblyName.GetAssemblyName(f))
            .Where(n => !s_notSource.Contains(n.Name))
            .Select(Assembly.Load)
            .ToList();
    }

    /// <summary>"assembly|namespace.name" of each top-level type <paramref name="file"/> references in another src assembly.</summary>
    private static IEnumerable<string> TypeReferences(string file, HashSet<string> sources)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        foreach (var handle in md.TypeReferences)
        {
            var reference = md.GetTypeReference(handle);
            // a nested type's scope is its enclosing type: climb to the top-level one
            while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
                reference = md.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
            if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference)
                continue;
            var assembly = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name);
            if (sources.Contains(assembly))
                yield return $"{assembly}|{md.GetString(reference.Namespace)}.{md.GetString(reference.Name)}";
        }
    }

    private static string Key(Type t) => $"{t.Assembly.GetName().Name}|{t.Namespace}.{t.Name}";

    /// <summary>The top-level types a public or protected part of <paramref name="type"/> names.</summary>
    private static IEnumerable<Type> Surface(Type type)
    {
        const BindingFlags visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var named = new List<Type>();
        var parameters = new HashSet<Type>(); // a constraint may name its own parameter (T : ICatalogMessage<T>)
        void Add(Type? t)
        {
            if (t is null)
                return;
            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }
            if (t.IsGenericParameter)
            {
                if (!parameters.Add(t))
                    return;
                foreach (var c in t.GetGenericParameterConstraints())
                    Add(c);
                return;
            }
            if (t.IsGenericType)
                foreach (var a in t.GetGenericArguments())
                    Add(a);
            var top = t;
            while (top.IsNested)
                top = top.DeclaringType!;
            named.Add(top.IsGenericType ? top.GetGenericTypeDefinition() : top);
        }
        static bool Outside(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;
        foreach (var t in new[] { type }.Concat(type.GetNestedTypes(BindingFlags.Public)))
        {
            Add(t.BaseType);
            foreach (var i in t.GetInterfaces())
                Add(i);
            foreach (var g in t.IsGenericTypeDefinition ? t.GetGenericArguments() : [])
                Add(g);
            foreach (var f in t.GetFields(visible).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
                Add(f.FieldType);
            foreach (var p in t.GetProperties(visible))
                if (new[] { p.GetMethod, p.SetMethod }.Any(m => m is not null && Outside(m)))
                    Add(p.PropertyType);
            foreach (var e in t.GetEvents(visible).Where(e => e.AddMethod is { } m && Outside(m)))
                Add(e.EventHandlerType);
            foreach (var m in t.GetMethods(visible).Where(Outside).Cast<MethodBase>().Concat(t.GetConstructors(visible).Where(Outside)))
            {
                if (m is MethodInfo mi)
                {
                    Add(mi.ReturnType);
                    foreach (var g in mi.IsGenericMethodDefinition ? mi.GetGenericArguments() : [])
                        Add(g);
                }
                foreach (var p in m.GetParameters())
                    Add(p.ParameterType);
            }
        }
        return named;
    }
}
