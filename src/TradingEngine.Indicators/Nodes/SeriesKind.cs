namespace TradingEngine.Indicators.Nodes;

/// <summary>What a <see cref="SeriesNode{TCore}"/> kind shows the catalog (see <see cref="ISeriesCore{TSelf}.Kind"/>).</summary>
/// <param name="Name">The <c>kind:</c> written in YAML.</param>
/// <param name="Description">One line for docs.</param>
/// <param name="DefaultPeriod">The <c>period</c> parameter's default; null makes it required.</param>
public readonly record struct SeriesKind(string Name, string Description, long? DefaultPeriod);
