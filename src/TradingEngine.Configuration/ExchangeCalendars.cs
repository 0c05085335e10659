using System.Globalization;
using TradingEngine.Types;

namespace TradingEngine.Configuration;

/// <summary>
/// The exchange calendars of pipelines/calendars.yaml (built into this assembly, so every process and test sees the
/// same data without a path): CME Globex equity index, metals and FX, NYSE regular and extended hours, 2013–2027.
/// The file is the one source of the preset names a pipeline's <c>session:</c> and a node's <c>session</c> accept.
/// </summary>
public static class ExchangeCalendars
{
    /// <summary>Where the data comes from in error messages.</summary>
    public const string FileName = "pipelines/calendars.yaml";

    private static readonly Lazy<(IReadOnlyDictionary<string, SessionCalendar> ByName, IReadOnlyList<string> Names)> Builtin = new(LoadBuiltin);

    /// <summary><c>utc</c>, then every calendar in file order.</summary>
    public static IReadOnlyList<string> PresetNames => Builtin.Value.Names;

    /// <summary>The calendar named <paramref name="name"/>; the error lists the names there are.</summary>
    public static SessionCalendar Get(string name) =>
        Builtin.Value.ByName.TryGetValue(name, out var calendar)
            ? calendar
            : throw new ArgumentException($"session calendar '{name}' is not in {FileName} (expected one of {string.Join(", ", PresetNames)})", nameof(name));

    /// <summary>Parses a calendars file; every error names the file and line.</summary>
    public static IReadOnlyDictionary<string, SessionCalendar> Parse(string yaml, string file)
    {
        var root = YamlNode.Parse(yaml, file) as YamlMap ?? throw Error(file, 1, "expected a mapping with calendars:");
        var calendars = Entry(root, "calendars") as YamlMap ?? throw Error(file, root.Line, "expected calendars: NAME: {time_zone, hours, holidays, early_closes}");
        var result = new Dictionary<string, SessionCalendar>(StringComparer.Ordinal);
        var schedules = new Dictionary<string, (HashSet<DateOnly> Holidays, Dictionary<DateOnly, TimeSpan> Early)>(StringComparer.Ordinal);
        foreach (var (name, line, node) in calendars.Entries)
        {
            if (name == "utc")
                throw Error(file, line, "'utc' is the built-in UTC alignment and cannot be redefined");
            if (node is not YamlMap map)
                throw Error(file, line, $"calendar '{name}' must be a mapping");
            var zone = Text(file, map, "time_zone", name);
            try
            {
                TimeZoneInfo.FindSystemTimeZoneById(zone);
            }
            catch (TimeZoneNotFoundException)
            {
                throw Error(file, Entry(map, "time_zone")!.Line, $"calendar '{name}': time zone '{zone}' is not known to this system's tzdata");
            }
            var hours = ReadHours(file, map, name);
            var holidays = ReadHolidays(file, map, name, schedules);
            var early = ReadEarlyCloses(file, map, name, schedules);
            schedules[name] = (holidays, early);
            result[name] = SessionCalendar.Create(name, zone, new SessionSchedule(hours, holidays, early));
        }
        return result;
    }

    private static (IReadOnlyDictionary<string, SessionCalendar>, IReadOnlyList<string>) LoadBuiltin()
    {
        using var stream = typeof(ExchangeCalendars).Assembly.GetManifestResourceStream("TradingEngine.Configuration.calendars.yaml")
            ?? throw new InvalidOperationException($"{FileName} is not embedded in TradingEngine.Configuration");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var parsed = Parse(text, FileName);
        var root = (YamlMap)YamlNode.Parse(text, FileName)!;
        var names = new List<string> { "utc" };
        names.AddRange(((YamlMap)Entry(root, "calendars")!).Entries.Select(e => e.Key));
        return (parsed, names);
    }

    private static List<SessionHours> ReadHours(string file, YamlMap map, string name)
    {
        if (Entry(map, "hours") is not YamlSeq seq || seq.Items.Count == 0)
            throw Error(file, map.Line, $"calendar '{name}': hours: must list at least one {{from, open, close, days}}");
        var hours = new List<SessionHours>();
        foreach (var item in seq.Items)
        {
            if (item is not YamlMap h)
                throw Error(file, item.Line, $"calendar '{name}': each hours entry is a mapping {{from, open, close, days}}");
            byte mask = 0;
            if (Entry(h, "days") is not YamlSeq days || days.Items.Count == 0)
                throw Error(file, h.Line, $"calendar '{name}': hours entry needs days: [mon, tue, ...] (trade-date weekdays)");
            foreach (var d in days.Items)
                mask |= (byte)(1 << (int)Day(file, d, name));
            var entry = new SessionHours(Date(file, Entry(h, "from"), name, h.Line), Time(file, Entry(h, "open"), name, h.Line), Time(file, Entry(h, "close"), name, h.Line), mask);
            if (hours.Count > 0 && entry.From <= hours[^1].From)
                throw Error(file, h.Line, $"calendar '{name}': hours entries must be in increasing from: order ({entry.From:yyyy-MM-dd} after {hours[^1].From:yyyy-MM-dd})");
            hours.Add(entry);
        }
        return hours;
    }

    private static HashSet<DateOnly> ReadHolidays(string file, YamlMap map, string name, Dictionary<string, (HashSet<DateOnly> Holidays, Dictionary<DateOnly, TimeSpan> Early)> earlier)
    {
        var node = Entry(map, "holidays");
        if (node is null)
            return [];
        if (node is YamlScalar reference)
            return earlier.TryGetValue(reference.Value, out var other)
                ? [.. other.Holidays]
                : throw Error(file, node.Line, $"calendar '{name}': holidays: '{reference.Value}' is not a calendar defined above it");
        var set = new HashSet<DateOnly>();
        foreach (var item in Flatten(node))
        {
            if (!set.Add(Date(file, item, name, item.Line)))
                throw Error(file, item.Line, $"calendar '{name}': holiday {((YamlScalar)item).Value} is listed twice");
        }
        return set;
    }

    private static Dictionary<DateOnly, TimeSpan> ReadEarlyCloses(string file, YamlMap map, string name, Dictionary<string, (HashSet<DateOnly> Holidays, Dictionary<DateOnly, TimeSpan> Early)> earlier)
    {
        var result = new Dictionary<DateOnly, TimeSpan>();
        if (Entry(map, "early_closes") is not YamlMap early)
            return result;
        if (Entry(early, "days_of") is YamlScalar reference)
        {
            if (!earlier.TryGetValue(reference.Value, out var other))
                throw Error(file, reference.Line, $"calendar '{name}': early_closes: days_of '{reference.Value}' is not a calendar defined above it");
            var close = Time(file, Entry(early, "close"), name, early.Line);
            foreach (var d in other.Early.Keys)
                result[d] = close;
            return result;
        }
        foreach (var (key, line, value) in early.Entries)
            result[Date(file, new YamlScalar(line, key, false), name, line)] = Time(file, value, name, line);
        return result;
    }

    private static IEnumerable<YamlNode> Flatten(YamlNode node)
    {
        if (node is YamlSeq seq)
        {
            foreach (var item in seq.Items)
                foreach (var inner in Flatten(item))
                    yield return inner;
        }
        else
        {
            yield return node;
        }
    }

    private static YamlNode? Entry(YamlMap map, string key) => map.Entries.FirstOrDefault(e => e.Key == key).Value;

    private static string Text(string file, YamlMap map, string key, string name) =>
        Entry(map, key) is YamlScalar { IsNull: false } s ? s.Value : throw Error(file, map.Line, $"calendar '{name}' needs {key}:");

    private static DateOnly Date(string file, YamlNode? node, string name, int line) =>
        node is YamlScalar s && DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw Error(file, node?.Line ?? line, $"calendar '{name}': '{(node as YamlScalar)?.Value}' is not a date (expected YYYY-MM-DD)");

    private static TimeSpan Time(string file, YamlNode? node, string name, int line) =>
        node is YamlScalar s && TimeOnly.TryParseExact(s.Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToTimeSpan()
            : throw Error(file, node?.Line ?? line, $"calendar '{name}': '{(node as YamlScalar)?.Value}' is not a local time (expected HH:mm)");

    private static DayOfWeek Day(string file, YamlNode node, string name) =>
        TryParseWeekday((node as YamlScalar)?.Value, out var day)
            ? day
            : throw Error(file, node.Line, $"calendar '{name}': '{(node as YamlScalar)?.Value}' is not a weekday (expected sun, mon, tue, wed, thu, fri, sat)");

    /// <summary>The weekday of <c>sun</c> … <c>sat</c>, as calendars and pipeline sessions write them.</summary>
    public static bool TryParseWeekday(string? text, out DayOfWeek day)
    {
        var index = Array.IndexOf(WeekdayNames, text);
        day = (DayOfWeek)Math.Max(index, 0);
        return index >= 0;
    }

    private static readonly string[] WeekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static FormatException Error(string file, int line, string problem) => new($"{file}:{line}: {problem}");
}
