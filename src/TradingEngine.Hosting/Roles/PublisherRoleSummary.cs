namespace TradingEngine.Hosting.Roles;

/// <summary>What a <see cref="PublisherRole"/> run did: messages republished, publishes that failed, frames dead-lettered.</summary>
public sealed record PublisherRoleSummary(long Published, long Failed, long DeadLettered)
{
    public override string ToString() => $"{Published:N0} messages republished, {Failed:N0} failed, {DeadLettered:N0} frames dead-lettered";
}
