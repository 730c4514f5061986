using System.CommandLine;
using System.IO.Pipelines;
using System.Text.RegularExpressions;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;
using Osprey.Network.Association;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Security;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey get HOST PORT -k KEY=VALUE … --od DIR</c>: a C-GET SCU (PS3.4 C.4.3, Study or Patient
/// Root): asks the remote AE for the instances the keys select and writes each C-STORE sub-operation
/// it sends back, as it streams in, to a Part 10 file in DIR named by its SOP Instance UID. Memory
/// stays bounded whatever the size of an instance. Exit 0 when the final status is Success.
/// </summary>
public static partial class GetCommand
{
    /// <summary>The storage SOP classes proposed (with the SCP role) unless <c>--sop-class</c> names others.</summary>
    public static IReadOnlyList<string> CommonStorageClasses { get; } =
    [
        DicomUids.CTImageStorage, DicomUids.EnhancedCTImageStorage, DicomUids.MRImageStorage, DicomUids.EnhancedMRImageStorage,
        DicomUids.ComputedRadiographyImageStorage, DicomUids.DigitalXRayImageStorageForPresentation, DicomUids.DigitalMammographyXRayImageStorageForPresentation,
        DicomUids.UltrasoundImageStorage, DicomUids.UltrasoundMultiFrameImageStorage, DicomUids.NuclearMedicineImageStorage,
        DicomUids.PositronEmissionTomographyImageStorage, DicomUids.RTImageStorage, DicomUids.RTDoseStorage, DicomUids.RTStructureSetStorage,
        DicomUids.RTPlanStorage, DicomUids.SecondaryCaptureImageStorage, DicomUids.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
        DicomUids.XRayAngiographicImageStorage, DicomUids.XRayRadiofluoroscopicImageStorage, DicomUids.VLPhotographicImageStorage,
        DicomUids.EncapsulatedPDFStorage, DicomUids.BasicTextSRStorage, DicomUids.EnhancedSRStorage, DicomUids.ComprehensiveSRStorage,
        DicomUids.GrayscaleSoftcopyPresentationStateStorage, DicomUids.KeyObjectSelectionDocumentStorage,
    ];

    public static Command Create()
    {
        var host = new Argument<string>("host") { Description = "Host name or address of the remote AE." };
        var port = new Argument<int>("port") { Description = "TCP port of the remote AE." };
        var aet = new Option<string>("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "OSPREY" };
        var aec = new Option<string>("--aec") { Description = "The remote (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };
        var keys = new Option<string[]>("--key", "-k") { Description = "A key of the identifier, KEYWORD=VALUE (e.g. QueryRetrieveLevel=STUDY, StudyInstanceUID=1.2.3).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<DirectoryInfo>("--od") { Description = "Where to write the instances received.", Required = true };
        var patientRoot = new Option<bool>("--patient-root", "-P") { Description = "Use the Patient Root information model (default: Study Root)." };
        var sopClasses = new Option<string[]>("--sop-class") { Description = "A storage SOP class UID to accept (repeatable; default: the common image, SR and document classes)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for connection and each response.", DefaultValueFactory = _ => 60 };
        var tls = new Option<bool>("--tls") { Description = "Connect with DICOM over TLS." };
        var ca = new Option<string?>("--ca") { Description = "With --tls: PEM file of the certificates trusted to sign the server's." };
        var command = new Command("get", "Retrieve instances from a remote AE with C-GET into a folder.") { host, port, aet, aec, keys, output, patientRoot, sopClasses, timeout, tls, ca };
        command.SetAction(async (parse, token) =>
        {
            var security = parse.GetValue(tls)
                ? new TlsClientOptions { Trusted = parse.GetValue(ca) is { } bundle ? CertificateFiles.LoadBundle(bundle) : null }
                : null;
            var classes = parse.GetValue(sopClasses) is { Length: > 0 } given ? given : CommonStorageClasses;
            return await RunAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(aet)!, parse.GetValue(aec)!, parse.GetValue(keys) ?? [],
                parse.GetValue(output)!.FullName, parse.GetValue(patientRoot), classes, parse.GetValue(timeout), security, Console.Out, Console.Error);
        });
        return command;
    }

    public static async Task<int> RunAsync(string host, int port, string callingAe, string calledAe, IReadOnlyList<string> keys, string outputDirectory,
        bool patientRoot, IReadOnlyList<string> storageClasses, int timeoutSeconds, TlsClientOptions? tls, TextWriter stdout, TextWriter stderr)
    {
        DicomDataset identifier;
        try
        {
            identifier = Identifier(keys);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"osprey get: {e.Message}");
            return 2;
        }
        Directory.CreateDirectory(outputDirectory);
        string model = patientRoot ? DicomUids.PatientRootQueryRetrieveInformationModelGet : DicomUids.StudyRootQueryRetrieveInformationModelGet;
        var timer = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds));
        ClientAssociation? association = null;
        int received = 0;
        var options = new ClientOptions
        {
            Host = host,
            Port = port,
            CallingAeTitle = callingAe,
            CalledAeTitle = calledAe,
            Tls = tls,
            Proposals = [(model, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian]), .. storageClasses.Select(c => (c, PresentationContextNegotiator.FallbackOrder))],
            ScpRoleSopClasses = storageClasses,
            Timers = new() { ConnectionTimeout = timer, ReceiveTimeout = timer, SendTimeout = timer },
            ResponseTimeout = timer,
            OnStoreRequest = async (store, dataSet, contextId) =>
            {
                var syntax = association!.PresentationContexts.First(c => c.Id == contextId).TransferSyntax;
                await WriteInstanceAsync(outputDirectory, store, syntax, dataSet);
                Interlocked.Increment(ref received);
                return DimseStatus.Success;
            },
        };
        try
        {
            association = await ClientAssociation.ConnectAsync(options);
            await using (association)
            {
                var context = association.ContextFor(model);
                if (context == null)
                {
                    stderr.WriteLine($"osprey get: {calledAe} at {host}:{port} did not accept the {(patientRoot ? "Patient" : "Study")} Root GET model");
                    return 1;
                }
                var encoded = new MemoryStream();
                DicomDatasetWriter.Write(identifier, encoded, DicomTransferSyntax.FromUid(context.TransferSyntax));
                encoded.Position = 0;
                var responses = await association.SendRequestAsync(context.Id, DimseCommand.CGetRq(association.NextMessageId(), model), encoded);
                await association.ReleaseAsync();
                var final = responses[^1].Command;
                stdout.WriteLine($"C-GET from {calledAe}: status 0x{final.Status:X4}, {received} instance(s) written to {outputDirectory}" +
                    (final.ErrorComment is { Length: > 0 } comment ? $" ({comment})" : ""));
                return final.Status == DimseStatus.Success ? 0 : 1;
            }
        }
        catch (AssociationRejectedException e)
        {
            stderr.WriteLine($"osprey get: {calledAe} at {host}:{port}: {e.Message}");
        }
        catch (Exception e) when (e is AssociationAbortedException or IOException or System.Net.Sockets.SocketException)
        {
            stderr.WriteLine($"osprey get: {calledAe} at {host}:{port}: {e.Message}");
        }
        return 1;
    }

    /// <summary>The identifier from KEYWORD=VALUE keys (VRs from the data dictionary).</summary>
    private static DicomDataset Identifier(IReadOnlyList<string> keys)
    {
        var identifier = new DicomDataset();
        foreach (var key in keys)
        {
            int equals = key.IndexOf('=');
            var keyword = (equals < 0 ? key : key[..equals]).Trim();
            var entry = DicomDictionary.LookupKeyword(keyword) ?? throw new ArgumentException($"-k {key}: {keyword} is not a data element keyword");
            identifier.AddOrUpdate(entry.Tag, equals < 0 ? [] : key[(equals + 1)..].Split('\\'));
        }
        if (identifier.GetString(DicomTags.QueryRetrieveLevel) is null) throw new ArgumentException("the keys must include QueryRetrieveLevel (e.g. -k QueryRetrieveLevel=STUDY)");
        return identifier;
    }

    /// <summary>Writes one received instance: File Meta Information, then the data set as it arrives, to a temporary name renamed when whole.</summary>
    private static async Task WriteInstanceAsync(string directory, DimseCommand store, string transferSyntax, PipeReader dataSet)
    {
        var sop = store.AffectedSopInstanceUid ?? "unknown";
        var name = SafeName().IsMatch(sop) ? sop : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sop)))[..32];
        var path = Path.Combine(directory, name + ".dcm");
        var partial = path + ".partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                DicomFileWriter.WriteMeta(file, FileMetaInformation.Create(store.AffectedSopClassUid ?? "", sop, transferSyntax,
                    OspreyImplementation.ClassUid, OspreyImplementation.VersionName));
                await dataSet.CopyToAsync(file);
            }
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            // A data set cut off (the association ended) or a failed write leaves no half file behind.
            File.Delete(partial);
            throw;
        }
    }

    [GeneratedRegex("^[0-9.]{1,64}$")]
    private static partial Regex SafeName();
}
