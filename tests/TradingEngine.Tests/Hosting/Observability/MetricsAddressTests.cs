using System.Net;
using TradingEngine.Hosting.Observability;

namespace TradingEngine.Tests.Hosting.Observability;

public sealed class MetricsAddressTests
{
    [Theory]
    [InlineData(":9464", "127.0.0.1", 9464)]
    [InlineData("localhost:9000", "127.0.0.1", 9000)]
    [InlineData("0.0.0.0:9464", "0.0.0.0", 9464)]
    [InlineData("[::1]:0", "::1", 0)]
    public void Loopback_is_the_default_host_and_any_address_may_be_given(string text, string host, int port)
    {
        Assert.True(MetricsAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(IPAddress.Parse(host), address.Host);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("9464", "not HOST:PORT")]
    [InlineData(":99999", "port '99999'")]
    [InlineData("metrics.example:9464", "host 'metrics.example'")]
    public void A_bad_value_is_named_with_what_was_expected(string text, string expected)
    {
        Assert.False(MetricsAddress.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
        Assert.Contains(text, error);
    }
}
