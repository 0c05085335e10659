namespace TradingEngine.Cli;

public static class Program
{
    public static int Main(string[] args) => TeCommand.Run(args);
}
