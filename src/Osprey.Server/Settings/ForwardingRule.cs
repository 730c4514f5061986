namespace Osprey.Server.Settings;

/// <summary>
/// An entry of <c>Forwarding</c>. A placeholder shape only: the keys are read and kept, but no
/// forwarding behaviour exists yet and <see cref="Filter"/> has no defined syntax. Both come later,
/// with the forwarder; until then these values are not validated.
/// </summary>
public sealed class ForwardingRule
{
    /// <summary>Name of the rule, for the page and the logs.</summary>
    public string Name { get; set; } = "";

    /// <summary>AE title of the device (an entry of <c>Devices</c>) to forward to.</summary>
    public string DestinationAeTitle { get; set; } = "";

    /// <summary>Which objects the rule forwards; syntax to be defined with the forwarder.</summary>
    public string Filter { get; set; } = "";
}
