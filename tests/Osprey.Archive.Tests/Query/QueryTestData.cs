using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Tests.Query;

/// <summary>Identifiers and stored entities built attribute by attribute, and the short-hands the matching tables use.</summary>
internal static class QueryTestData
{
    /// <summary>Relational queries: any key at or above the query level may be matched (PS3.4 C.4.1.2.2.1).</summary>
    public static readonly QueryExtendedNegotiation Relational = new(true, false, false, false);

    /// <summary>Everything Osprey supports: relational, combined date-time, Empty and Multiple Value Matching.</summary>
    public static readonly QueryExtendedNegotiation All = QueryExtendedNegotiation.Supported;

    public static readonly QueryOptions CaseInsensitive = new(CaseSensitive: false, EmptyMatching: true);
    public static readonly QueryOptions CaseSensitive = new(CaseSensitive: true, EmptyMatching: true);
    public static readonly QueryOptions NoEmptyMatching = new(CaseSensitive: false, EmptyMatching: false);

    /// <summary>A data set: the Specific Character Set first (so that text is encoded in it), then the attributes with their dictionary VR.</summary>
    public static DicomDataset Dataset(string? characterSet, params (DicomTag Tag, string Value)[] attributes)
    {
        var ds = new DicomDataset();
        if (characterSet != null) ds.AddOrUpdate(DicomTags.SpecificCharacterSet, characterSet.Split('\\'));
        foreach (var (tag, value) in attributes) ds.AddOrUpdate(tag, value);
        return ds;
    }

    /// <summary>A request identifier at a level.</summary>
    public static DicomDataset Identifier(string level, string? characterSet, params (DicomTag Tag, string Value)[] keys)
    {
        var ds = Dataset(characterSet, keys);
        ds.AddOrUpdate(DicomTags.QueryRetrieveLevel, level);
        return ds;
    }

    /// <summary>A stored entity, its text in UTF-8 unless told otherwise.</summary>
    public static DicomDataset Entity(params (DicomTag Tag, string Value)[] attributes) => Dataset("ISO_IR 192", attributes);

    /// <summary>
    /// The key that one attribute makes, read in a relational Study Root query at the lowest level that has
    /// the attribute (IMAGE for attributes the model does not list).
    /// </summary>
    public static QueryKey Key(DicomTag tag, string value, QueryExtendedNegotiation? negotiation = null, string? characterSet = "ISO_IR 192")
        => StudyRootQuery(negotiation ?? Relational, characterSet, (tag, value)).Find(tag)!;

    /// <summary>A relational Study Root query at the lowest level any of its keys belongs to.</summary>
    public static DicomQuery StudyRootQuery(QueryExtendedNegotiation negotiation, string? characterSet, params (DicomTag Tag, string Value)[] keys)
    {
        var level = QueryRetrieveLevel.Study;
        foreach (var (tag, _) in keys)
        {
            var attribute = Osprey.Archive.Index.IndexAttributes.Find(tag);
            var l = attribute is null ? QueryRetrieveLevel.Image : QueryRetrieveLevels.FromIndexLevel(attribute.Level);
            if (l > level) level = l;
        }
        return DicomQuery.Parse(Identifier(level.ToText(), characterSet, keys), QueryInformationModel.StudyRoot, negotiation);
    }

    /// <summary>Whether an entity whose attribute holds <paramref name="stored"/> (absent when null) matches the query value.</summary>
    public static bool Matches(DicomTag tag, string query, string? stored, QueryOptions? options = null, QueryExtendedNegotiation? negotiation = null)
    {
        var key = Key(tag, query, negotiation);
        var entity = stored is null ? Entity() : Entity((tag, stored));
        return QueryMatcher.Matches(key, entity, options ?? CaseInsensitive);
    }

    /// <summary>An element made of raw bytes, as an identifier in some character set arrives.</summary>
    public static DicomValueElement Raw(DicomTag tag, DicomVR vr, byte[] bytes)
    {
        if ((bytes.Length & 1) == 1) bytes = [.. bytes, DicomVRInfo.PaddingByte(vr)];
        return new DicomValueElement(tag, vr, bytes);
    }

    /// <summary>The text of an element as stored in a response, decoded with the response's character set.</summary>
    public static string? Text(DicomDataset ds, DicomTag tag) => ds.GetString(tag);
}
