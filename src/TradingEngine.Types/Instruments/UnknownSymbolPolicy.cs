namespace TradingEngine.Types;

/// <summary>What a decoder does with a symbol the instrument registry does not list.</summary>
public enum UnknownSymbolPolicy : byte
{
    /// <summary>Reject with <see cref="RejectReason.UnknownSymbol"/> (the default: a typo must not open a new book).</summary>
    Reject = 0,
    /// <summary>Admit it: intern the symbol and take precisions from the message text.</summary>
    Admit = 1,
}
