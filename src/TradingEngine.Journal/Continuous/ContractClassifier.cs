using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>What a symbol is to a continuous series.</summary>
internal enum ContractClass : byte
{
    Unknown = 0,
    /// <summary>Not a contract of the root.</summary>
    Other = 1,
    /// <summary>A contract of the root in a month outside its roll cycle.</summary>
    OutOfCycle = 2,
    /// <summary>A contract of the root in its roll cycle.</summary>
    InCycle = 3,
}

/// <summary>Classifies symbols as contracts of one future root, once per <see cref="SymbolId"/> (an array lookup after that).</summary>
internal sealed class ContractClassifier
{
    private readonly Instrument _root;
    private readonly FutureRoll _roll;
    private readonly SymbolRegistry _symbols;
    private ContractClass[] _class = new ContractClass[16];
    private ContractKey[] _key = new ContractKey[16];

    public ContractClassifier(Instrument root, SymbolRegistry symbols)
    {
        _root = root;
        _roll = root.Roll!;
        _symbols = symbols;
    }

    public ContractClass Classify(SymbolId symbol, long eventTime, out ContractKey key)
    {
        var i = symbol.Value;
        if ((uint)i < (uint)_class.Length && _class[i] != ContractClass.Unknown)
        {
            key = _key[i];
            return _class[i];
        }
        return Learn(symbol, eventTime, out key);
    }

    private ContractClass Learn(SymbolId symbol, long eventTime, out ContractKey key)
    {
        var i = symbol.Value;
        if (i >= _class.Length)
        {
            Array.Resize(ref _class, Math.Max(i + 1, _class.Length * 2));
            Array.Resize(ref _key, _class.Length);
        }
        key = default;
        var name = i == 0 ? "" : _symbols.NameOf(symbol);
        var c = ContractClass.Other;
        if (InstrumentRegistry.TryParseContract(name, out var root) && root == _root.Symbol
            && FutureRoll.TryParseContractMonth(name, UtcNanos.ToDateTime(eventTime).Year, out var year, out var month))
        {
            key = new ContractKey(year, month);
            c = _roll.InCycle(month) ? ContractClass.InCycle : ContractClass.OutOfCycle;
        }
        _class[i] = c;
        _key[i] = key;
        return c;
    }
}
