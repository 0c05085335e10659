using System.Globalization;
using System.Text;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// A parsed Prometheus text exposition (version 0.0.4): every sample with its labels, and each family's type from its
/// <c># TYPE</c> line. What <c>te status</c> reads from an engine's <c>/metrics</c>, and what the tests check it with.
/// A line that does not parse is an error naming the line and its number.
/// </summary>
public sealed class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Family name → type (counter, gauge, histogram, summary, untyped).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>The samples of <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public IEnumerable<PrometheusSample> Find(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Name) == l.Value));

    /// <summary>The one sample of <paramref name="name"/> with <paramref name="labels"/>; an error names what matched.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var found = Find(name, labels).ToList();
        if (found.Count != 1)
            throw new KeyNotFoundException($"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}: {found.Count} samples in the scrape, expected 1");
        return found[0].Value;
    }

    /// <summary>The sum of every sample of <paramref name="name"/> with <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                continue;
            if (line[0] == '#')
            {
                var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 4 && parts[1] == "TYPE")
                    types[parts[2]] = parts[3];
                continue;
            }
            samples.Add(ParseSample(line, number));
        }
        return new PrometheusScrape(samples, types);
    }

    private static PrometheusSample ParseSample(string line, int number)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
            i++;
        var name = line[..i];
        if (name.Length == 0)
            throw Bad(line, number, "no metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
                    throw Bad(line, number, "a label without =\"value\"");
                var label = line[i..eq].Trim();
                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                if (j >= line.Length)
                    throw Bad(line, number, $"label '{label}' has no closing quote");
                labels[label] = value.ToString();
                i = j + 1;
                if (i < line.Length && line[i] == ',')
                    i++;
            }
            if (i >= line.Length)
                throw Bad(line, number, "no closing }");
            i++;
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0 or > 2)
            throw Bad(line, number, "expected one value (and an optional timestamp) after the name and labels");
        var v = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var t when double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Bad(line, number, $"value '{rest[0]}' is not a number"),
        };
        return new PrometheusSample(name, labels, v);
    }

    private static FormatException Bad(string line, int number, string what) => new($"line {number} of the scrape: {what}: {line}");
}
