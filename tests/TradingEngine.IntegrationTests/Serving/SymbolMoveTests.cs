using NATS.Client.Core;
using NATS.Client.JetStream;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// Moving a symbol from one executor group to another (docs/scaling.md, "Moving a symbol"): the receiving group cannot
/// start while the giving group's stream still captures the symbol (NATS refuses overlapping streams, so two executors
/// never own one symbol); the giving group, restarted with the new config, stops capturing it and skips, acks and
/// counts what its stream still held of it (<c>not owned</c> in its summary); then the receiving group starts and takes
/// the symbol's new ticks. Real ES trades.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class SymbolMoveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_symbol_moves_between_groups_the_old_group_counts_its_leftovers_as_not_owned_and_the_new_group_takes_the_new_ticks()
    {
        var trades = ServeFixture.EsTrades(700);
        using var fixture = new ServeFixture();
        var before = fixture.WriteConfig("before.yaml", [fixture.Es, fixture.Other], []);
        var after = fixture.WriteConfig("after.yaml", [fixture.Es], [fixture.Other]);
        await using var server = await NatsServerProcess.StartAsync();
        await using var client = new NatsConnection(new NatsOpts { Url = server.Url, ConnectTimeout = TimeSpan.FromSeconds(30), RequestTimeout = TimeSpan.FromSeconds(30) });
        var js = new NatsJSContext(client);
        string[] Args(string config, string group) =>
            ["--config", config, "--group", group, "--journal", fixture.JournalRoot, "--nats", server.Url, "--stats-interval", "0"];
        async Task Publish(string symbol, IEnumerable<(string, string, string)> ticks)
        {
            foreach (var t in ticks)
                await client.PublishAsync(NatsSubjects.TicksRaw(symbol), ServeFixture.TickJson(symbol, t), cancellationToken: Ct);
            await client.PingAsync(Ct);
        }
        async Task<long> Held(string stream) => (long)(await js.GetStreamAsync(stream, cancellationToken: Ct)).Info.State.Messages;
        // every message the stream took up to sequence `last` has been journaled and acked (interest retention: gone)
        async Task Drained(string stream, long last, TeChildProcess run) => await Eventually.TrueAsync(async () =>
        {
            var state = (await js.GetStreamAsync(stream, cancellationToken: Ct)).Info.State;
            return (long)state.LastSeq == last && state.Messages == 0;
        }, TimeSpan.FromSeconds(60), () => run.Output);

        // 1. group es owns both symbols
        var (es, _) = await ServeFixture.StartRoleAsync("executor", Args(before, "es"));
        using (es)
        {
            await Publish(fixture.Es, trades.Take(300));
            await Publish(fixture.Other, trades.Take(300));
            await Drained("TE_IN_ES", 600, es);
            Assert.Equal(0, es.Interrupt(TimeSpan.FromSeconds(60)));
            Assert.Contains("input 600 received, 600 accepted", es.Output, StringComparison.Ordinal);
        }
        // ticks of the moving symbol while its group is down: its stream keeps them
        await Publish(fixture.Other, trades.Skip(300).Take(200));
        await Eventually.TrueAsync(async () => await Held("TE_IN_ES") == 200, TimeSpan.FromSeconds(30), () => "the stream did not take the 200 ticks");

        // 2. the receiving group cannot start while the old stream still captures the symbol
        var early = TeChildProcess.Start(["serve", "executor", .. Args(after, "other")]);
        using (early)
        {
            Assert.Equal(2, early.WaitForExit(TimeSpan.FromSeconds(90)));
            Assert.Contains("overlap", early.Output, StringComparison.OrdinalIgnoreCase);
            // one line naming the stream and what to do, not an unhandled-exception dump
            Assert.Contains("JetStream stream 'TE_IN_OTHER' on subjects", early.Output, StringComparison.Ordinal);
            Assert.Contains("could not be created or updated", early.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", early.Output, StringComparison.Ordinal);
            // the role names itself, not the command it is built on
            Assert.Contains("te serve executor: JetStream stream 'TE_IN_OTHER'", early.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("te run:", early.Output, StringComparison.Ordinal);
        }

        // 3. the giving group restarts with the new config: its leftovers of the moved symbol are skipped and counted
        var (esAgain, _) = await ServeFixture.StartRoleAsync("executor", Args(after, "es"));
        using (esAgain)
        {
            await Drained("TE_IN_ES", 800, esAgain);
            await Publish(fixture.Es, trades.Skip(300).Take(100));
            await Drained("TE_IN_ES", 900, esAgain);
            Assert.Equal(0, esAgain.Interrupt(TimeSpan.FromSeconds(60)));
            Assert.Contains("input 100 received, 100 accepted", esAgain.Output, StringComparison.Ordinal);
            Assert.Contains("not owned 200", esAgain.Output, StringComparison.Ordinal);
        }

        // 4. now the receiving group starts and takes the symbol's new ticks
        var (other, _) = await ServeFixture.StartRoleAsync("executor", Args(after, "other"));
        using (other)
        {
            await Publish(fixture.Other, trades.Skip(500).Take(200));
            await Drained("TE_IN_OTHER", 200, other);
            Assert.Equal(0, other.Interrupt(TimeSpan.FromSeconds(60)));
            Assert.Contains("input 200 received, 200 accepted", other.Output, StringComparison.Ordinal);
        }
    }
}
