namespace Osprey.Server.Settings;

/// <summary><c>Devices[n]:Overrides:Timeouts</c>: per-device timers in seconds (<c>0</c>: none); null: the server's value.</summary>
public sealed class TimeoutOverrides
{
    /// <inheritdoc cref="TimeoutSettings.SendSeconds"/>
    public int? SendSeconds { get; set; }

    /// <inheritdoc cref="TimeoutSettings.ReceiveSeconds"/>
    public int? ReceiveSeconds { get; set; }

    /// <inheritdoc cref="TimeoutSettings.ConnectionSeconds"/>
    public int? ConnectionSeconds { get; set; }

    /// <inheritdoc cref="TimeoutSettings.WaitSeconds"/>
    public int? WaitSeconds { get; set; }
}
