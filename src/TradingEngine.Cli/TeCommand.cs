using System.CommandLine;
using TradingEngine.Cli.Commands;

namespace TradingEngine.Cli;

/// <summary>The root of the <c>te</c> command line: every subcommand registers itself here, one line each.</summary>
public static class TeCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("te: the TradingEngine command line (replay, dag, schema, import, …)");
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(NatsCommand.Create());
        root.Subcommands.Add(DagCommand.Create());
        root.Subcommands.Add(SinkCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        return root;
    }

    public static int Run(string[] args) => Build().Parse(args).Invoke();
}
