using System.CommandLine;

namespace TradingEngine.Cli;

/// <summary>The root of the <c>te</c> command line: every subcommand registers itself here.</summary>
public static class TeCommand
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("te: the TradingEngine command line");
        return root.Parse(args).Invoke();
    }
}
