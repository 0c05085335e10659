namespace TradingEngine.Nats;

/// <summary>The two subjects of one output stream (symbol, kind, node or timeframe): internal binary and public JSON.</summary>
public sealed record OutputRoute(string InternalSubject, string PublicSubject);
