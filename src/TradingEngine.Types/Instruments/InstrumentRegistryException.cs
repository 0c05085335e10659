namespace TradingEngine.Types;

/// <summary>An instrument file that cannot be loaded; the message starts with <c>file:line:</c>.</summary>
public sealed class InstrumentRegistryException : FormatException
{
    public InstrumentRegistryException(string file, int line, string problem)
        : base($"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public string File { get; }
    public int Line { get; }
    public string Problem { get; }
}
