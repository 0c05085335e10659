using System.Runtime.CompilerServices;
using System.Text;

namespace TradingEngine.Types;

/// <summary>
/// snake_case UTF-8 names of a byte-sized enum, indexed by value, built once per enum type
/// (<see cref="Enum.GetNames{TEnum}"/> is trimming- and AOT-safe). "BuySide" → "buy_side".
/// </summary>
internal static class EnumText<TEnum> where TEnum : unmanaged, Enum
{
    private static readonly byte[]?[] s_names = Build();
    private static readonly string?[] s_strings = s_names.Select(n => n is null ? null : Encoding.UTF8.GetString(n)).ToArray();

    /// <summary>The name as a string (<see cref="WireName.Of{TEnum}"/>).</summary>
    public static string StringOf(TEnum value)
    {
        var index = Unsafe.As<TEnum, byte>(ref value);
        return s_strings[index] ?? throw new ArgumentOutOfRangeException(nameof(value), index, $"{typeof(TEnum).Name} has no member {index}");
    }

    public static ReadOnlySpan<byte> NameOf(TEnum value)
    {
        var index = Unsafe.As<TEnum, byte>(ref value);
        return s_names[index] ?? throw new ArgumentOutOfRangeException(nameof(value), index, $"{typeof(TEnum).Name} has no member {index}");
    }

    public static bool IsDefined(TEnum value) => s_names[Unsafe.As<TEnum, byte>(ref value)] is not null;

    public static bool TryParse(ReadOnlySpan<byte> utf8, out TEnum value)
    {
        var names = s_names;
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] is { } n && utf8.SequenceEqual(n))
            {
                var b = (byte)i;
                value = Unsafe.As<byte, TEnum>(ref b);
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>All names in value order (for schemas and docs).</summary>
    public static IEnumerable<string> Names => s_strings.Where(n => n is not null)!;

    private static byte[]?[] Build()
    {
        if (Unsafe.SizeOf<TEnum>() != 1)
            throw new NotSupportedException($"{typeof(TEnum).Name}: catalog enums are byte-sized");
        var table = new byte[]?[256];
        var values = Enum.GetValues<TEnum>();
        var names = Enum.GetNames<TEnum>();
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            table[Unsafe.As<TEnum, byte>(ref v)] = Encoding.UTF8.GetBytes(WireName.SnakeCase(names[i]));
        }
        return table;
    }
}
