using Osprey.Dicom.Data;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Query;

/// <summary>
/// Builds the Identifier of a pending C-FIND response for one matching entity (PS3.4 C.4.1.1.3.2): the
/// Query/Retrieve Level of the request, the Specific Character Set when needed, and every key of the request
/// with the entity's value, zero length when it has none (no attribute that was not asked for). All values
/// of a multi-valued attribute are returned (C.2.2.3). A sequence key returns the entity's items that match
/// its Item Key Attributes, each reduced to those attributes; a key with no item, or with an empty item,
/// returns the whole items (C.2.2.2.6). Text is decoded from the entity's character set and encoded in the
/// response's: UTF-8 by default, or a preferred one (the request's) when every value fits in it.
/// </summary>
public static class QueryResponseBuilder
{
    /// <summary>UTF-8, the Specific Character Set that represents every stored text.</summary>
    public const string Utf8 = ResponseEncoding.Utf8;

    /// <summary>The response in UTF-8 (plain ASCII responses to requests without a character set carry none).</summary>
    public static DicomDataset Build(DicomQuery query, DicomDataset candidate) => Build(query, candidate, Utf8, QueryOptions.Default);

    /// <summary>
    /// The response in <paramref name="characterSet"/> (a value of (0008,0005); null for the default
    /// repertoire) when every text value can be encoded in it, else in UTF-8, with (0008,0005) set accordingly.
    /// </summary>
    public static DicomDataset Build(DicomQuery query, DicomDataset candidate, string? characterSet)
        => Build(query, candidate, characterSet, QueryOptions.Default);

    /// <summary>
    /// As <see cref="Build(DicomQuery, DicomDataset, string?)"/>; <paramref name="matching"/> selects the
    /// items of sequence keys the same way the candidate was matched, and <paramref name="retrieveAETitle"/>,
    /// when given, is returned as Retrieve AE Title (0008,0054), which C.4.1.1.3.2 asks of the SCP.
    /// </summary>
    public static DicomDataset Build(DicomQuery query, DicomDataset candidate, string? characterSet, QueryOptions matching, string? retrieveAETitle = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(matching);
        var nodes = new List<ResponseNode>
        {
            Ascii(T.QueryRetrieveLevel, DicomVR.CS, query.Level.ToText()),
        };
        foreach (var key in query.Keys)
        {
            if (key.Tag == T.RetrieveAETitle && retrieveAETitle is not null) continue;
            nodes.Add(Plan(key, candidate, matching));
        }
        if (retrieveAETitle is not null) nodes.Add(Ascii(T.RetrieveAETitle, DicomVR.AE, retrieveAETitle));
        return ResponseEncoding.Encode(nodes, characterSet, query.RequestCharacterSet is not null);
    }

    /// <summary>The response in the request's Specific Character Set when every value fits in it, else in UTF-8.</summary>
    public static DicomDataset BuildInRequestCharacterSet(DicomQuery query, DicomDataset candidate, QueryOptions? matching = null, string? retrieveAETitle = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Build(query, candidate, query.RequestCharacterSet, matching ?? QueryOptions.Default, retrieveAETitle);
    }

    private static ResponseNode Plan(QueryKey key, DicomDataset owner, QueryOptions matching)
    {
        if (!owner.TryGet(key.Tag, out var element))
            return key.VR == DicomVR.SQ ? new ResponseSequence(key.Tag, []) : new ResponseBytes(key.Tag, key.VR, DicomValue.Empty, false);
        if (element is DicomSequence sequence && key.ItemKeys is { Count: > 0 } itemKeys)
        {
            var items = sequence.Items
                .Where(item => key.Kind != MatchKind.Sequence || QueryMatcher.MatchesItem(itemKeys, item, matching))
                .Select(item => (IReadOnlyList<ResponseNode>)[.. itemKeys.Select(k => Plan(k, item, matching))])
                .ToList();
            return new ResponseSequence(key.Tag, items);
        }
        return Copy(element, owner);
    }

    /// <summary>An element of the entity as it is, items and all.</summary>
    private static ResponseNode Copy(DicomElement element, DicomDataset owner) => element switch
    {
        DicomSequence sequence => new ResponseSequence(sequence.Tag, [.. sequence.Items.Select(item =>
            (IReadOnlyList<ResponseNode>)[.. item.Where(e => e.Tag != T.SpecificCharacterSet && !e.Tag.IsGroupLength).Select(e => Copy(e, item))])]),
        DicomValueElement value when DicomVRInfo.UsesSpecificCharacterSet(value.VR) && value.Length > 0
            => new ResponseText(value.Tag, value.VR, value.GetString(owner.CharacterSet)),
        DicomValueElement value => new ResponseBytes(value.Tag, value.VR, value.Value, value.IsBigEndian),
        _ => new ResponseBytes(element.Tag, element.VR, DicomValue.Empty, false),
    };

    private static ResponseBytes Ascii(DicomTag tag, DicomVR vr, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        if ((bytes.Length & 1) == 1) bytes = [.. bytes, DicomVRInfo.PaddingByte(vr)];
        return new ResponseBytes(tag, vr, new DicomValue(bytes), false);
    }
}
