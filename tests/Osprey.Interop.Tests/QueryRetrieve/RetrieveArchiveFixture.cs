using System.Diagnostics;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>The C-MOVE, C-GET and GDCM test classes share one archive and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RetrieveCollection : ICollectionFixture<RetrieveArchiveFixture>
{
    public const string Name = "Query/Retrieve: retrieve archive";
}

/// <summary>
/// The archive the retrieve tests take from, built once: patients 0 and 1 of <see cref="SyntheticArchive"/>
/// (8 studies, 40 instances in Explicit VR Little Endian) and five pydicom files stored in other transfer
/// syntaxes (JPEG Lossless, JPEG 2000, Explicit VR Big Endian, Implicit VR Little Endian, Explicit VR Little
/// Endian), imported with <c>osprey import</c> and served with these devices configured:
/// STORESCP (DCMTK storescp accepting every transfer syntax, bit-preserving), LEONLY (storescp accepting
/// Explicit VR Little Endian only), DOWNDEV (a closed port), GDCMSCU (the port gdcmscu listens on
/// during its C-MOVE) and LIMITED (a requestor whose Dicom:QueryRetrieveLimit is 2).
/// </summary>
public sealed class RetrieveArchiveFixture : IAsyncLifetime
{
    public const string Jpeg = "SC_rgb_jpeg_gdcm.dcm", Jpeg2000 = "693_J2KI.dcm", BigEndian = "MR_small_bigendian.dcm",
        Implicit = "rtplan.dcm", ExplicitLittle = "CT_small.dcm";

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("osprey-qr-retrieve-").FullName;
    public QrArchive Archive { get; private set; } = null!;
    public OspreyServer Server { get; private set; } = null!;
    public Storescp AllSyntaxes { get; private set; } = null!;
    public Storescp LittleEndianOnly { get; private set; } = null!;
    public int GdcmPort { get; private set; }
    public int DownPort { get; private set; }
    public TimeSpan BuildTime { get; private set; }

    /// <summary>The stored instance imported from a pydicom test file.</summary>
    public QrInstance Pydicom(string fileName) => Archive.Instances.Single(i => Path.GetFileName(i.Source) == fileName && i.Source.Contains("/test_files/", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var data = Path.Combine(WorkDirectory, "data");
        Directory.CreateDirectory(data);
        var synthetic = SyntheticArchive.Instances(Path.Combine(WorkDirectory, "synthetic")).Where(i => i.PatientId is "QR000" or "QR001").ToList();
        SyntheticArchive.Write(synthetic);
        var files = new[] { Jpeg, Jpeg2000, BigEndian, Implicit, ExplicitLittle }.Select(f => Path.Combine(PydicomFiles.DataDirectory, "test_files", f)).ToList();
        var attributes = QrPython.Attributes(files);
        var pydicom = files.Select(f => QrInstance.FromPydicom(f, attributes[f])).ToList();
        Archive = QrArchive.Import(data, synthetic, pydicom, []);
        if (Archive.LeftOut.Count > 0) throw new InvalidOperationException("osprey import refused files:\n" + string.Join('\n', Archive.LeftOut));

        AllSyntaxes = await Storescp.StartAsAsync("STORESCP", "+xa", "+B");
        var config = Path.Combine(WorkDirectory, "storescp-le-only.cfg");
        File.WriteAllText(config, """
            [[TransferSyntaxes]]
            [ExplicitLittleOnly]
            TransferSyntax1 = LittleEndianExplicit

            [[PresentationContexts]]
            [LittleEndianOnlyContexts]
            PresentationContext1 = VerificationSOPClass\ExplicitLittleOnly
            PresentationContext2 = MRImageStorage\ExplicitLittleOnly
            PresentationContext3 = RTPlanStorage\ExplicitLittleOnly
            PresentationContext4 = CTImageStorage\ExplicitLittleOnly
            PresentationContext5 = UltrasoundImageStorage\ExplicitLittleOnly

            [[Profiles]]
            [LittleEndianOnly]
            PresentationContexts = LittleEndianOnlyContexts
            """);
        LittleEndianOnly = await Storescp.StartAsAsync("LEONLY", "-xf", config, "LittleEndianOnly", "+B");
        GdcmPort = OspreyServer.FreePort();
        DownPort = OspreyServer.FreePort();
        File.WriteAllText(Path.Combine(data, "settings.json"), $$"""
            {
              "Dicom": { "StorageAeTitle": "OSPREY" },
              "Devices": [
                { "AeTitle": "STORESCP", "Host": "127.0.0.1", "Port": {{AllSyntaxes.Port}} },
                { "AeTitle": "LEONLY", "Host": "127.0.0.1", "Port": {{LittleEndianOnly.Port}} },
                { "AeTitle": "DOWNDEV", "Host": "127.0.0.1", "Port": {{DownPort}} },
                { "AeTitle": "GDCMSCU", "Host": "127.0.0.1", "Port": {{GdcmPort}} },
                { "AeTitle": "LIMITED", "Host": "127.0.0.1", "Port": 9, "Overrides": { "QueryRetrieveLimit": 2 } }
              ]
            }
            """);
        Server = OspreyServer.WithData(data);
        BuildTime = clock.Elapsed;
    }

    /// <summary>Empties a storescp's folder before a retrieve, so that what it holds afterwards is what that retrieve sent.</summary>
    public static void Clear(Storescp storescp)
    {
        foreach (var f in Directory.EnumerateFiles(storescp.Directory)) File.Delete(f);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        if (AllSyntaxes is not null) await AllSyntaxes.DisposeAsync();
        if (LittleEndianOnly is not null) await LittleEndianOnly.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
