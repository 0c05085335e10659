using System.CommandLine;
using TradingEngine.Nats;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te nats tail SUBJECT [--count N]</c> (the seed's nats_monitor): prints every message on a subject (wildcards
/// allowed) with its headers; binary internal frames are shown decoded (<see cref="SubjectMonitor"/>).
/// </summary>
internal static class NatsTailCommand
{
    public static Command Create()
    {
        var subject = new Argument<string>("subject") { Description = "subject to follow, e.g. 'strategies.signals.>', 'candles.internal.>' or 'deadletter.>'" };
        var count = new Option<long>("--count") { Description = "stop after N messages (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 }.NonNegative();
        var nats = new NatsOptions();
        var command = new Command("tail", "print the messages of a subject (binary internal messages decoded)") { subject, count };
        nats.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetValue(subject)!;
            // internal subjects live on the internal connection when there is one
            var endpoint = name.Contains(".internal.", StringComparison.Ordinal) ? nats.Internal(result, "te-tail") ?? nats.External(result, "te-tail") : nats.External(result, "te-tail");
            try
            {
                await using var connection = await NatsConnector.ConnectAsync(endpoint, cancellationToken: cancellationToken);
                await new SubjectMonitor().TailAsync(connection, name, result.GetValue(count), line => Console.Out.WriteLineAsync(line), cancellationToken);
                return 0;
            }
            catch (NatsConnectionRefusedException ex)
            {
                Console.Error.WriteLine($"te nats tail: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
