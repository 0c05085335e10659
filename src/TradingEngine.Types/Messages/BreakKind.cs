namespace TradingEngine.Types;

/// <summary>A break of structure in the trend's direction, or a change of character (the first break against it).</summary>
public enum BreakKind : byte
{
    None = 0,
    BreakOfStructure = 1,
    ChangeOfCharacter = 2,
}
