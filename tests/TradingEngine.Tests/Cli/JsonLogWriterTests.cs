using System.Text.Json;
using TradingEngine.Cli;

namespace TradingEngine.Tests.Cli;

public sealed class JsonLogWriterTests
{
    [Fact]
    public void Each_line_becomes_one_json_object_with_its_source_level_and_no_secret()
    {
        var output = new StringWriter();
        using (var log = new JsonLogWriter(output))
        {
            log.WriteLine("te run: ES on nats://trader:hunter22@10.0.0.5:4222, journal /var/lib/te");
            log.Write("te run: warning: the database at Host=db;Password=s3cret is unreachable");
            log.Write("\nengine: events 10.2k/s ticks 9.8k/s ring 12\n");
            log.WriteLine("plain line without a source");
        }
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain("hunter22", output.ToString());
        Assert.DoesNotContain("s3cret", output.ToString());
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("te run", first.GetProperty("source").GetString());
        Assert.Equal("info", first.GetProperty("level").GetString());
        Assert.StartsWith("ES on nats://trader:***@10.0.0.5:4222", first.GetProperty("message").GetString());
        Assert.True(DateTime.TryParse(first.GetProperty("time").GetString(), out _));
        Assert.Equal("warning", JsonDocument.Parse(lines[1]).RootElement.GetProperty("level").GetString());
        Assert.Equal("engine", JsonDocument.Parse(lines[2]).RootElement.GetProperty("source").GetString());
        Assert.False(JsonDocument.Parse(lines[3]).RootElement.TryGetProperty("source", out _));
    }

    [Fact]
    public void Every_command_takes_log_format_and_refuses_other_values()
    {
        Assert.Empty(TeCommand.Build().Parse(["run", "--config", "x.yaml", "--log-format", "json"]).Errors);
        Assert.Empty(TeCommand.Build().Parse(["gateway", "--log-format", "text"]).Errors);
        Assert.NotEmpty(TeCommand.Build().Parse(["run", "--log-format", "xml"]).Errors);
    }
}
