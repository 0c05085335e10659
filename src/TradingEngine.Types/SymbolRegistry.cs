using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Types;

/// <summary>
/// Interns symbol names to <see cref="SymbolId"/>s. Registration happens at configuration time or when a new
/// symbol is first seen off the hot path; lookups by id are an array index.
/// Thread-safe: registration takes a lock, reads of already registered ids do not.
/// </summary>
public sealed class SymbolRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SymbolId> _byName = new(StringComparer.Ordinal);
    private volatile string[] _names = [""];

    public int Count => _names.Length - 1;

    /// <summary>Returns the id of <paramref name="symbol"/>, registering it when new.</summary>
    public SymbolId GetOrAdd(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        lock (_gate)
        {
            if (_byName.TryGetValue(symbol, out var id))
                return id;
            var names = _names;
            id = new SymbolId(names.Length);
            var grown = new string[names.Length + 1];
            names.CopyTo(grown, 0);
            grown[^1] = symbol;
            _byName.Add(symbol, id);
            _names = grown;
            return id;
        }
    }

    public bool TryGet(string symbol, out SymbolId id)
    {
        lock (_gate)
            return _byName.TryGetValue(symbol, out id);
    }

    public bool TryGet(ReadOnlySpan<char> symbol, out SymbolId id)
    {
        lock (_gate)
            return _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(symbol, out id);
    }

    /// <summary>The name of a registered id.</summary>
    public string NameOf(SymbolId id)
    {
        var names = _names;
        if ((uint)id.Value >= (uint)names.Length || id.Value == 0)
            ThrowUnknown(id);
        return names[id.Value];
    }

    /// <summary>Every registered symbol in registration (id) order.</summary>
    public IReadOnlyList<string> Names => _names.AsSpan(1).ToArray();

    [DoesNotReturn]
    private static void ThrowUnknown(SymbolId id) =>
        throw new KeyNotFoundException($"symbol id {id.Value} is not registered");
}
