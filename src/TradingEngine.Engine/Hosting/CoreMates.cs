using TradingEngine.Ring;

namespace TradingEngine.Engine.Hosting;

/// <summary>
/// Tells each thread that waits with the <c>cooperative</c> strategy which consumers share its core, as the deployment
/// profile pins them: it then yields the core whenever one of their rings holds work, and keeps it otherwise
/// (<see cref="CooperativeWaitStrategy"/>). The host and the pipeline suite call it once their rings are wired, before
/// the threads start.
/// </summary>
public static class CoreMates
{
    /// <summary>
    /// Links every cooperative consumer of <paramref name="rings"/> to the other consumers the profile pins to its core.
    /// A consumer's work is its ring's cursor ahead of its sequence (for a later-stage consumer that overstates it, which
    /// only costs a yield). Returns the links made.
    /// </summary>
    public static int Link(DeploymentProfile profile, IEnumerable<(Sequence Cursor, IReadOnlyList<IEventProcessor> Consumers)> rings)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var consumers = rings.SelectMany(r => r.Consumers.Select(p => (r.Cursor, Processor: p, profile.For(p.Name)?.Cpu))).ToList();
        var links = 0;
        foreach (var (_, processor, cpu) in consumers)
        {
            if (processor.WaitStrategy is not CooperativeWaitStrategy cooperative || cpu is null)
                continue;
            foreach (var (cursor, mate, mateCpu) in consumers)
            {
                if (!ReferenceEquals(mate, processor) && mateCpu == cpu)
                {
                    cooperative.YieldTo(cursor, mate.Sequence);
                    links++;
                }
            }
        }
        return links;
    }
}
