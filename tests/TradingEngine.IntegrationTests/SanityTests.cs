namespace TradingEngine.IntegrationTests;

public class SanityTests
{
    [Fact]
    public void Skip_Works() => Assert.Skip("checking the runner");
}
