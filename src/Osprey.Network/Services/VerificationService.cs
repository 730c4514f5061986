using Osprey.Network.Dimse;

namespace Osprey.Network.Services;

/// <summary>
/// The Verification SOP Class as SCP (PS3.4 Annex A, PS3.7 §9.1.5): answers each C-ECHO-RQ with a
/// C-ECHO-RSP of status Success.
/// </summary>
public sealed class VerificationService : IDimseService
{
    public const string SopClassUid = "1.2.840.10008.1.1";

    private static readonly string[] Uncompressed = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2"];

    public IReadOnlyCollection<string> SopClassUids { get; } = [SopClassUid];

    public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => Uncompressed;

    public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CEchoRq];

    public Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
        => request.RespondAsync(DimseCommand.CEchoRsp(request.Command, DimseStatus.Success));
}
