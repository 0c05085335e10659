namespace TradingEngine.Gateway;

/// <summary>The gateway config file is wrong; the message names the file, the key, the value and what was expected.</summary>
public sealed class GatewayConfigException(string message) : Exception(message);
