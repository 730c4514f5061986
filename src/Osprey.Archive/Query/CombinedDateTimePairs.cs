using System.Collections.Concurrent;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Query;

/// <summary>
/// The pairs of a date and a time attribute that combined date-time matching reads as one date-time (PS3.4
/// C.2.2.2.5.4: "a pair of Attributes that are of VR DA and TM"): the attribute whose keyword is the date's
/// with "Date" replaced by "Time", e.g. Study Date (0008,0020) and Study Time (0008,0030), Patient's Birth
/// Date (0010,0030) and Patient's Birth Time (0010,0032).
/// </summary>
internal static class CombinedDateTimePairs
{
    private static readonly ConcurrentDictionary<uint, DicomTag?> Cache = new();

    public static DicomTag? TimeOf(DicomTag dateTag) => Cache.GetOrAdd(dateTag.Value, static value =>
    {
        var entry = DicomDictionary.Lookup(new DicomTag(value));
        if (entry is null || entry.VR != DicomVR.DA) return null;
        int at = entry.Keyword.LastIndexOf("Date", StringComparison.Ordinal);
        if (at < 0) return null;
        var time = DicomDictionary.LookupKeyword(string.Concat(entry.Keyword.AsSpan(0, at), "Time", entry.Keyword.AsSpan(at + 4)));
        return time is { VR: DicomVR.TM, IsRepeatingGroup: false } ? time.Tag : null;
    });
}
