using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Security;

/// <summary>
/// What te prints when NATS credentials are involved, through its real command line: the start banner, the refusal
/// message, the summary line — never a password or a token, however it was given (in the URL, a file, the environment).
/// </summary>
public sealed class NatsCredentialOutputTests
{
    private const string Password = "url-Right-Pw-2b";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Credentials_in_the_url_a_file_or_the_environment_work_and_never_appear_in_the_banner_the_refusal_or_the_summary()
    {
        await using var server = await NatsServerProcess.StartAsync($"authorization {{ user: te, password: \"{Password}\" }}", jetStream: false);
        var host = $"127.0.0.1:{server.Port}";

        // a password in the URL connects, and the banner and summary show the URL masked
        var inUrl = await TeProcess.RunAsync(["publish", "--nats", $"nats://te:{Password}@{host}", "--duration", "0.3"]);
        Assert.True(inUrl.ExitCode == 0, inUrl.ToString());
        Assert.Contains($"nats://te:***@{host}", inUrl.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, inUrl.All, StringComparison.Ordinal);

        // refusals: a wrong password, a token in the URL — the message says what happened and shows neither
        foreach (var url in (string[])[$"nats://te:wrong-Url-Pw-6d@{host}", $"nats://tok-Url-Secret-1f@{host}"])
        {
            var refused = await TeProcess.RunAsync(["publish", "--nats", url, "--duration", "0.3"]);
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("refused the credentials", refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-Url-Pw-6d", refused.All, StringComparison.Ordinal);
            Assert.DoesNotContain("tok-Url-Secret-1f", refused.All, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", refused.All, StringComparison.Ordinal);
        }

        // the password from a file option, and from TE_NATS_PASSWORD_FILE: nothing secret on the command line
        var file = Path.Combine(server.Directory, "nats-password");
        await File.WriteAllTextAsync(file, Password + "\n", Ct);
        var fromOption = await TeProcess.RunAsync(["publish", "--nats", server.Url, "--nats-user", "te", "--nats-password-file", file, "--duration", "0.3"]);
        Assert.True(fromOption.ExitCode == 0, fromOption.ToString());
        Assert.Contains("auth user/password", fromOption.Error, StringComparison.Ordinal);
        var fromVariable = await TeProcess.RunAsync(["publish", "--nats", server.Url, "--duration", "0.3"],
            new Dictionary<string, string?> { ["TE_NATS_USER"] = "te", ["TE_NATS_PASSWORD_FILE"] = file });
        Assert.True(fromVariable.ExitCode == 0, fromVariable.ToString());
        Assert.DoesNotContain(Password, fromOption.All + fromVariable.All, StringComparison.Ordinal);
    }
}
