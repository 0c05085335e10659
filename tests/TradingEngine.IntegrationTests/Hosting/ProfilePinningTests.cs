using TradingEngine.Hosting;
using System.Globalization;
using TradingEngine.Cli.Commands;
using TradingEngine.Engine.Hosting;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Ring;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// <c>te run --profile</c>: the live engine's executor, journaler and publisher threads run on the cores the profile
/// names, as the kernel reports it in <c>/proc/self/task/*/status</c>.
/// </summary>
public sealed class ProfilePinningTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-profile-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Live_engine_threads_are_pinned_as_the_profile_says()
    {
        if (!ThreadAffinity.IsSupported)
            Assert.Skip("thread affinity is Linux only");
        await using (await Services.RequireNatsAsync())
        {
        }
        var cpu = Environment.ProcessorCount - 1;
        var profilePath = Path.Combine(_dir.FullName, "pinned.yaml");
        await File.WriteAllTextAsync(profilePath, $"""
            name: pinned-test
            rings:
              input: 1024
              output: 1024
            threads:
              - name: executor:NQ
                cpu: {cpu}
                wait: sleeping
              - name: journaler
                cpu: {cpu}
                wait: sleeping
              - name: publisher
                cpu: {cpu}
                wait: blocking
            """, TestContext.Current.CancellationToken);
        var repo = TestData.RepositoryRoot();
        var options = new NatsLiveEngineOptions
        {
            PipelinePath = Path.Combine(repo, "pipelines", "nq_futures.yaml"),
            InstrumentsPath = Path.Combine(repo, "pipelines", "instruments.yaml"),
            Symbols = ["NQ"],
            JournalDirectory = Path.Combine(_dir.FullName, "journal"),
            External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-profile-test" },
            Profile = DeploymentProfile.Load(profilePath),
        };
        var engine = await NatsLiveEngine.StartAsync(options, TestContext.Current.CancellationToken);
        await using (engine)
        {
            Assert.Equal(1024, engine.InputRing.Size);
            var expected = cpu.ToString(CultureInfo.InvariantCulture);
            foreach (var thread in new[] { "executor:NQ", "journaler", "publisher" })
            {
                // threads start asynchronously and pin themselves first thing: wait for the kernel to show it
                var pinned = SpinWait.SpinUntil(() => AllowedCpusOf(thread).Contains(expected), TimeSpan.FromSeconds(10));
                Assert.True(pinned, $"no thread named '{thread}' is pinned to cpu {expected}; seen: {string.Join(" | ", AllowedCpusOf(thread))}");
            }
        }
    }

    /// <summary><c>Cpus_allowed_list</c> of every thread of this process named <paramref name="name"/>.</summary>
    private static List<string> AllowedCpusOf(string name)
    {
        var comm = name.Length > 15 ? name[..15] : name; // the kernel keeps 15 characters of a thread name
        var found = new List<string>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(Path.Combine(task, "status"));
            }
            catch (IOException)
            {
                continue; // the thread ended while we listed them
            }
            var threadName = lines.FirstOrDefault(l => l.StartsWith("Name:", StringComparison.Ordinal))?[5..].Trim();
            if (threadName == comm && lines.FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)) is { } allowed)
                found.Add(allowed["Cpus_allowed_list:".Length..].Trim());
        }
        return found;
    }
}
