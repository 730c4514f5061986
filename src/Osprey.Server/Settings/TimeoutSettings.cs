namespace Osprey.Server.Settings;

/// <summary>Section <c>Dicom:Timeouts</c>: the page's four timers, in seconds; <c>0</c> means no timeout.</summary>
public sealed class TimeoutSettings
{
    /// <summary>Default of every timer, in seconds.</summary>
    public const int DefaultSeconds = 30;

    /// <summary>Time to wait for a send to complete / for the response to what we sent.</summary>
    public int SendSeconds { get; set; } = DefaultSeconds;

    /// <summary>Time to wait for the next PDU/PDV on an open association.</summary>
    public int ReceiveSeconds { get; set; } = DefaultSeconds;

    /// <summary>Time to wait for the association request after a connect (acceptor), or for its acknowledgement (requestor).</summary>
    public int ConnectionSeconds { get; set; } = DefaultSeconds;

    /// <summary>Time to wait for the next C-MOVE response when Osprey is the C-MOVE requestor.</summary>
    public int WaitSeconds { get; set; } = DefaultSeconds;
}
