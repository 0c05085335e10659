namespace TradingEngine.Fuzz;

/// <summary>
/// One decoder of outside bytes, driven with arbitrary input. <see cref="Run"/> returns normally for every input the
/// decoder accepts or refuses the documented way (a typed reject, a counted bad row, an exception type the caller
/// catches and reports); any other exception escaping it is a crash, and afl++ (or the mutation test) keeps the input.
/// </summary>
public sealed class FuzzTarget
{
    public required string Name { get; init; }

    /// <summary>What is decoded and which refusals are expected.</summary>
    public required string Description { get; init; }

    public required Action<byte[]> Run { get; init; }

    /// <summary>Valid inputs to start from: real samples from the shared data where there are any, else encoder output.</summary>
    public required Func<IReadOnlyList<byte[]>> Seeds { get; init; }

    public override string ToString() => Name;
}
