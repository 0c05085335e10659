namespace TradingEngine.Cli;

internal static class Program
{
    public static int Main(string[] args) => TeCommand.Run(args);
}
