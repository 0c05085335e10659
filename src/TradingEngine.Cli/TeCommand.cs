using System.CommandLine;
using TradingEngine.Cli.Commands;

namespace TradingEngine.Cli;

/// <summary>The root of the <c>te</c> command line: every subcommand registers itself here, one line each.</summary>
internal static class TeCommand
{
    /// <summary><c>--log-format text|json</c>, on every command: json turns each stderr line into a JSON object (<see cref="JsonLogWriter"/>).</summary>
    public const string LogFormatOption = "--log-format";

    public static RootCommand Build()
    {
        var root = new RootCommand("te: the TradingEngine command line (replay, dag, schema, import, …)");
        var logFormat = new Option<string>(LogFormatOption)
        {
            Description = "stderr lines as plain text (default) or one JSON object each (time, level, source, message; secrets redacted)",
            DefaultValueFactory = _ => "text",
            Recursive = true,
        };
        logFormat.AcceptOnlyFromAmong("text", "json");
        root.Options.Add(logFormat);
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(NatsCommand.Create());
        root.Subcommands.Add(DagCommand.Create());
        root.Subcommands.Add(SinkCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(GatewayCommand.Create());
        root.Subcommands.Add(DashboardCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        return root;
    }

    /// <summary>
    /// Runs te. Ctrl+C (SIGINT/SIGTERM) cancels the command and lets it stop cleanly: the default 2 s grace would end the
    /// process in the middle of te run's shutdown (rings draining, journal sync, last snapshot and output mark, sink flush),
    /// which itself is bounded (10 s per ring, 30 s for the sink).
    /// </summary>
    public static int Run(string[] args)
    {
        var parsed = Build().Parse(args);
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(90) };
        if (parsed.Errors.Count == 0 && parsed.GetValue<string>(LogFormatOption) == "json")
        {
            using var json = new JsonLogWriter(Console.Error);
            Console.SetError(json);
            configuration.Error = json;
            return parsed.Invoke(configuration);
        }
        return parsed.Invoke(configuration);
    }
}
