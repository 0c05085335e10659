using System.Text.Json;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Gateway;

/// <summary>
/// docs/gateway.openapi.json as the tests read it: every reply the gateway gives in a test must be documented for its
/// path, method and status, carry the documented headers (Retry-After), and have a body with the required properties and
/// allowed values (<c>const</c>, <c>enum</c>) of the documented schema.
/// </summary>
public static class GatewayOpenApi
{
    public static JsonElement Document { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "docs", "gateway.openapi.json"))).RootElement.Clone();

    public static JsonElement Operation(string method, string path)
    {
        Assert.True(Document.GetProperty("paths").TryGetProperty(path, out var item), $"docs/gateway.openapi.json has no path {path}");
        Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var op), $"docs/gateway.openapi.json has no {method} {path}");
        return op;
    }

    public static void AssertConforms(string method, string path, HttpResponseMessage response, JsonElement body)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var responses = Operation(method, path).GetProperty("responses");
        Assert.True(responses.TryGetProperty(status, out var documented), $"{method} {path} answered {status}, which docs/gateway.openapi.json does not document: {body}");
        if (documented.TryGetProperty("headers", out var headers))
        {
            foreach (var h in headers.EnumerateObject())
                Assert.True(response.Headers.Contains(h.Name), $"{method} {path} {status} lacks the documented header {h.Name}");
        }
        var schema = documented.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var errors = Check(schema, body);
        Assert.True(errors is null, $"{method} {path} {status}: body {body} does not match docs/gateway.openapi.json: {errors}");
    }

    /// <summary>Null when <paramref name="value"/> fits <paramref name="schema"/> (required, const, enum, type of the documented subset), else why not.</summary>
    public static string? Check(JsonElement schema, JsonElement value)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Select(s => Check(s, value)).ToList();
            return matches.Count(m => m is null) == 1 ? null : $"matches {matches.Count(m => m is null)} of oneOf ({string.Join("; ", matches.Where(m => m is not null))})";
        }
        if (schema.TryGetProperty("const", out var c) && c.ToString() != value.ToString())
            return $"{value} is not the const {c}";
        if (schema.TryGetProperty("enum", out var e) && !e.EnumerateArray().Any(x => x.ToString() == value.ToString()))
            return $"{value} is not one of {e}";
        if (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
        {
            var ok = type.GetString() switch
            {
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                "string" => value.ValueKind == JsonValueKind.String,
                "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                _ => true,
            };
            if (!ok)
                return $"{value} is not of type {type}";
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var r in required.EnumerateArray())
                {
                    if (!value.TryGetProperty(r.GetString()!, out _))
                        return $"required property {r} is missing";
                }
            }
            if (schema.TryGetProperty("properties", out var props))
            {
                foreach (var p in value.EnumerateObject())
                {
                    if (!props.TryGetProperty(p.Name, out var ps))
                        return $"property {p.Name} is not documented";
                    if (Check(ps, p.Value) is { } why)
                        return $"{p.Name}: {why}";
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            foreach (var item in value.EnumerateArray())
            {
                if (Check(items, item) is { } why)
                    return $"item: {why}";
            }
        }
        return null;
    }

    private static JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var r) && r.GetString() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal))
        {
            var node = Document;
            foreach (var part in reference[2..].Split('/'))
                node = node.GetProperty(part);
            schema = node;
        }
        return schema;
    }
}
