using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace TradingEngine.Gateway;

/// <summary>
/// Reads the gateway's JSON config file (docs/gateway.md): snake_case gateway settings and feeders at the top level, and
/// ASP.NET Core's own <c>Kestrel</c> section (endpoints, TLS certificates) handed to Kestrel as is. Errors name the file,
/// the key, the value and what was expected. NATS credentials are not here: they come from TE_NATS_* or the file options
/// like every other te command.
/// </summary>
public static class GatewayConfig
{
    public static (GatewayOptions Options, IConfiguration Kestrel) Load(string path, GatewayOptions defaults)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new GatewayConfigException($"{path}: the gateway config file does not exist");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(full), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new GatewayConfigException($"{path}: not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new GatewayConfigException($"{path}: the config must be a JSON object");
            var options = Read(path, root, defaults);
            var kestrel = new ConfigurationBuilder().AddJsonFile(full, optional: false).Build().GetSection("Kestrel");
            return (options, kestrel);
        }
    }

    private static readonly HashSet<string> s_keys =
    [
        "urls", "stream", "mark_bucket", "mark_replicas", "max_body_bytes", "max_decompressed_bytes", "max_rows", "max_row_bytes", "rate_limit",
        "max_concurrent_batches", "retry_after_seconds", "publish_timeout_ms", "sequence_wait_ms", "instruments", "feeders", "Kestrel", "Logging",
    ];

    internal static GatewayOptions Read(string file, JsonElement root, GatewayOptions o)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (!s_keys.Contains(p.Name))
                throw new GatewayConfigException($"{file}: unknown key '{p.Name}' (expected one of {string.Join(", ", s_keys.Order(StringComparer.Ordinal))})");
        }
        if (root.TryGetProperty("urls", out var urls))
            o = o with { Urls = Strings(file, "urls", urls) };
        if (root.TryGetProperty("stream", out var stream))
            o = o with { StreamName = Text(file, "stream", stream) };
        if (root.TryGetProperty("mark_bucket", out var bucket))
            o = o with { MarkBucket = Text(file, "mark_bucket", bucket) };
        if (root.TryGetProperty("mark_replicas", out var replicas))
            o = o with { MarkReplicas = Replicas(file, replicas) };
        if (root.TryGetProperty("max_body_bytes", out var mb))
            o = o with { MaxBodyBytes = Positive(file, "max_body_bytes", mb) };
        if (root.TryGetProperty("max_decompressed_bytes", out var md))
            o = o with { MaxDecompressedBytes = Positive(file, "max_decompressed_bytes", md) };
        if (root.TryGetProperty("max_rows", out var mr))
            o = o with { MaxRows = (int)Math.Min(int.MaxValue, Positive(file, "max_rows", mr)) };
        if (root.TryGetProperty("max_row_bytes", out var mrb))
            o = o with { MaxRowBytes = (int)Math.Min(int.MaxValue, Positive(file, "max_row_bytes", mrb)) };
        if (root.TryGetProperty("max_concurrent_batches", out var mc))
            o = o with { MaxConcurrentBatches = (int)Math.Min(int.MaxValue, Positive(file, "max_concurrent_batches", mc)) };
        if (root.TryGetProperty("retry_after_seconds", out var ra))
            o = o with { RetryAfterSeconds = (int)Math.Min(3600, Positive(file, "retry_after_seconds", ra)) };
        if (root.TryGetProperty("publish_timeout_ms", out var pt))
            o = o with { PublishTimeout = TimeSpan.FromMilliseconds(Positive(file, "publish_timeout_ms", pt)) };
        if (root.TryGetProperty("sequence_wait_ms", out var sw))
            o = o with { SequenceWait = TimeSpan.FromMilliseconds(Positive(file, "sequence_wait_ms", sw)) };
        if (root.TryGetProperty("instruments", out var inst))
            o = o with { InstrumentsPath = Path.GetFullPath(Text(file, "instruments", inst), Path.GetDirectoryName(Path.GetFullPath(file))!) };
        if (root.TryGetProperty("rate_limit", out var rl))
        {
            if (rl.ValueKind != JsonValueKind.Object)
                throw new GatewayConfigException($"{file}: rate_limit is {rl.ValueKind}, expected an object {{\"per_second\": N, \"burst\": N}}");
            if (rl.TryGetProperty("per_second", out var ps))
                o = o with { RateLimitPerSecond = Positive(file, "rate_limit.per_second", ps) };
            if (rl.TryGetProperty("burst", out var burst))
                o = o with { RateLimitBurst = Positive(file, "rate_limit.burst", burst) };
        }
        if (root.TryGetProperty("feeders", out var feeders))
            o = o with { Feeders = Feeders(file, feeders) };
        return o;
    }

    private static List<FeederCredential> Feeders(string file, JsonElement feeders)
    {
        if (feeders.ValueKind != JsonValueKind.Array)
            throw new GatewayConfigException($"{file}: feeders is {feeders.ValueKind}, expected an array of {{\"id\", \"token_sha256\", \"symbols\"}}");
        var list = new List<FeederCredential>();
        var i = 0;
        foreach (var f in feeders.EnumerateArray())
        {
            var where = $"feeders[{i++}]";
            if (f.ValueKind != JsonValueKind.Object)
                throw new GatewayConfigException($"{file}: {where} is {f.ValueKind}, expected an object");
            var id = f.TryGetProperty("id", out var idValue) ? Text(file, where + ".id", idValue) : throw new GatewayConfigException($"{file}: {where} has no id");
            if (!BatchEnvelope.IsValidName(id))
                throw new GatewayConfigException($"{file}: {where}.id '{id}' must be 1..64 characters of A-Z a-z 0-9 _ -");
            var hash = f.TryGetProperty("token_sha256", out var h) ? Text(file, where + ".token_sha256", h).ToLowerInvariant()
                : throw new GatewayConfigException($"{file}: {where} ({id}) has no token_sha256 (te gateway --hash-token prints it)");
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
                throw new GatewayConfigException($"{file}: {where}.token_sha256 of {id} is not 64 hex digits (a SHA-256; te gateway --hash-token prints it)");
            var symbols = f.TryGetProperty("symbols", out var s) ? Strings(file, where + ".symbols", s)
                : throw new GatewayConfigException($"{file}: {where} ({id}) has no symbols (a list, or [\"*\"] for any)");
            if (list.Any(c => c.Id == id))
                throw new GatewayConfigException($"{file}: {where}: feeder id '{id}' appears twice");
            if (list.Any(c => c.TokenSha256 == hash))
                throw new GatewayConfigException($"{file}: {where}: feeder '{id}' has the same token as another feeder");
            list.Add(new FeederCredential(id, hash, new HashSet<string>(symbols, StringComparer.Ordinal)));
        }
        return list;
    }

    private static string Text(string file, string key, JsonElement e) =>
        e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s
            : throw new GatewayConfigException($"{file}: {key} is {Show(e)}, expected a non-empty string");

    private static List<string> Strings(string file, string key, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw new GatewayConfigException($"{file}: {key} is {Show(e)}, expected an array of strings");
        var list = new List<string>();
        var i = 0;
        foreach (var item in e.EnumerateArray())
            list.Add(Text(file, $"{key}[{i++}]", item));
        return list;
    }

    private static int Replicas(string file, JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) && v is >= 1 and <= 5 ? v
            : throw new GatewayConfigException($"{file}: mark_replicas is {Show(e)}, expected 1 to 5 (JetStream replicas: 3 on a 3-node cluster)");

    private static long Positive(string file, string key, JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) && v > 0 ? v
            : throw new GatewayConfigException($"{file}: {key} is {Show(e)}, expected a positive integer");

    private static string Show(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"\"{e.GetString()}\"",
        JsonValueKind.Number => e.GetRawText(),
        _ => e.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
