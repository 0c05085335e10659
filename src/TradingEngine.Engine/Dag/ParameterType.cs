namespace TradingEngine.Engine.Dag;

/// <summary>The type of a node parameter as written in YAML.</summary>
public enum ParameterType : byte
{
    /// <summary>A whole number (<see cref="long"/>), optionally range checked.</summary>
    Integer = 0,

    /// <summary>A finite double, optionally range checked.</summary>
    Number = 1,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 2,

    /// <summary>Free text.</summary>
    Text = 3,

    /// <summary>A timeframe such as <c>5m</c>.</summary>
    Timeframe = 4,

    /// <summary>One of a fixed set of words.</summary>
    Choice = 5,
}
