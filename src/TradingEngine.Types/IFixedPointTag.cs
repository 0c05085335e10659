namespace TradingEngine.Types;

/// <summary>
/// What a <see cref="Fixed{TTag}"/> measures: the tag is a type parameter only (no field, no dispatch at run time), so
/// a price and a quantity are distinct types with one implementation. <see cref="Noun"/> names the value in errors.
/// </summary>
public interface IFixedPointTag
{
    static abstract string Noun { get; }
}
