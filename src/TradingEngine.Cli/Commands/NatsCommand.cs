using System.CommandLine;

namespace TradingEngine.Cli.Commands;

/// <summary><c>te nats tail SUBJECT</c> and <c>te nats publish-csv FILE</c>: tools for looking at and feeding the NATS dataflow.</summary>
internal static class NatsCommand
{
    public static Command Create()
    {
        var command = new Command("nats", "NATS tools: tail a subject (decodes binary internal messages), publish recorded ticks");
        command.Subcommands.Add(NatsTailCommand.Create());
        command.Subcommands.Add(NatsPublishCsvCommand.Create());
        return command;
    }
}
