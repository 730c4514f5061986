using System.Text.Json.Nodes;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>
/// One stored instance as the tests know it: the attributes a query can ask about, by keyword, as text
/// (decoded: as the test generated it, or as pydicom reads the file). An absent attribute has no entry;
/// a present but empty one is "". Procedure Code Sequence items are kept apart (null: absent).
/// </summary>
public sealed class QrInstance
{
    public required string Source { get; init; }

    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>>? ProcedureCodes { get; init; }

    /// <summary>The transfer syntax of the file as imported (from its file meta), when known.</summary>
    public string? TransferSyntaxUid { get; init; }

    public string? this[string keyword] => Attributes.TryGetValue(keyword, out var v) ? v : null;

    public string PatientId => this["PatientID"] ?? "";

    /// <summary>How Osprey tells patients apart: Patient ID and Issuer of Patient ID.</summary>
    public (string Id, string Issuer) PatientKey => (PatientId, this["IssuerOfPatientID"] ?? "");

    public string StudyUid => this["StudyInstanceUID"] ?? "";

    public string SeriesUid => this["SeriesInstanceUID"] ?? "";

    public string SopUid => this["SOPInstanceUID"] ?? "";

    /// <summary>Reads one entry of <c>qr_pydicom.py attrs</c>.</summary>
    public static QrInstance FromPydicom(string path, JsonObject json)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        List<IReadOnlyDictionary<string, string>>? codes = null;
        string? syntax = null;
        foreach (var (key, value) in json)
        {
            if (key == "ProcedureCodeSequence")
            {
                codes = [.. value!.AsArray().Select(item => (IReadOnlyDictionary<string, string>)item!.AsObject()
                    .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal))];
            }
            else if (key == "TransferSyntaxUID")
            {
                syntax = value!.GetValue<string>();
            }
            else
            {
                attributes[key] = value!.GetValue<string>();
            }
        }
        return new QrInstance { Source = path, Attributes = attributes, ProcedureCodes = codes, TransferSyntaxUid = syntax };
    }
}
