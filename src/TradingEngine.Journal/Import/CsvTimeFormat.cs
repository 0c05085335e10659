namespace TradingEngine.Journal.Import;

/// <summary>How a CSV time column is written.</summary>
public enum CsvTimeFormat : byte
{
    /// <summary>Text: ISO 8601 with a zone (<c>2023-12-25T23:00:00.085275419Z</c>, <c>+05:30</c>) to the nanosecond, or a zone-less date/time read in the file's time zone (<c>2017-01-03</c>, <c>2020-12-15 09:30</c>, <c>1/2/1990</c>, <c>01/03/17</c>, <c>2021-12-31 23:01:00.000000</c>).</summary>
    Text = 0,
    UnixNanoseconds = 1,
    UnixMicroseconds = 2,
    UnixMilliseconds = 3,
    UnixSeconds = 4,
}
