namespace TradingEngine.Types;

/// <summary>
/// A message of the catalog. Its field list is written once, in <see cref="Visit{TVisitor}"/>, and that one list
/// drives the JSON encoder and decoder, the binary encoder and decoder and the validation: a field cannot be
/// added to one codec and forgotten in another. Visitors are structs passed by <c>ref</c>, so the calls are
/// resolved at JIT time (no virtual dispatch, no allocation).
/// </summary>
public interface ICatalogMessage<TSelf> where TSelf : struct, ICatalogMessage<TSelf>
{
    /// <summary>The type discriminator.</summary>
    static abstract MessageType Type { get; }

    /// <summary>Visits every field in wire order (binary layout order; JSON <c>data</c> order).</summary>
    static abstract void Visit<TVisitor>(ref TSelf message, ref TVisitor visitor)
        where TVisitor : IFieldVisitor, allows ref struct;

    /// <summary>Checks invariants that span fields (a candle's high ≥ low); <see cref="RejectReason.None"/> when valid.</summary>
    static virtual RejectReason Validate(in TSelf message, out string? error)
    {
        error = null;
        return RejectReason.None;
    }
}
