using CsCheck;
using TradingEngine.Fuzz;

namespace TradingEngine.Tests.Fuzz;

/// <summary>
/// The short fuzz pass of the test command: every target of <see cref="FuzzTargets"/> gets its real seeds mutated by
/// CsCheck (bit flips, byte overwrites with boundary values, insertions, deletions, truncations, splices of two
/// seeds) for a bounded time; any exception escaping a target is a crash, and CsCheck reports the smallest mutation
/// that still crashes. The long, coverage-guided runs are <c>./run.sh fuzz TARGET --seconds N</c> (afl++).
/// </summary>
public sealed class FuzzMutationTests
{
    /// <summary>Per target: 19 targets x about 2.5 s stays well inside the two minutes.</summary>
    private const int Iterations = 400;

    public static TheoryData<string> Targets() => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutated_real_inputs_never_crash_the_decoder(string name)
    {
        var target = FuzzTargets.Find(name);
        var seeds = target.Seeds();
        if (seeds.Count == 0)
            Support.TestData.Require("ticks"); // only the data-backed importers have no seeds: skip or fail like other real-data tests
        foreach (var seed in seeds)
            target.Run(seed); // the seeds themselves decode

        Mutations.Input(seeds).Sample(input => RunKeepingCrash(target, input), iter: Iterations, threads: 1, seed: null);
    }

    /// <summary>A crashing input is written to the temp folder (te-fuzz-crashes/TARGET/SHA) before it fails the test, to become a regression file.</summary>
    private static void RunKeepingCrash(FuzzTarget target, byte[] input)
    {
        try
        {
            target.Run(input);
        }
        catch (Exception ex)
        {
            var dir = Path.Combine(Path.GetTempPath(), "te-fuzz-crashes", target.Name);
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(input))[..16]);
            File.WriteAllBytes(path, input);
            throw new InvalidOperationException($"{target.Name} crashed on the input kept in {path}: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }
}
