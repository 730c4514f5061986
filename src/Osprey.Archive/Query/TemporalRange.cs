using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// A range of Range Matching (PS3.4 C.2.2.2.5): "&lt;a&gt;-&lt;b&gt;" matches a through b inclusive, "-&lt;b&gt;"
/// everything up to and including b, "&lt;a&gt;-" a and everything after. The start is the first moment of
/// <c>a</c>, the end the last moment of <c>b</c> within its precision (<see cref="TemporalValue"/>), so that
/// the TM range "-10" includes 10:59. A null bound is open.
/// </summary>
internal sealed record TemporalRange(DateTime? Start, DateTime? End)
{
    /// <summary>
    /// Reads a range value of a DA, TM or DT key. For DT, whose negative offsets from UTC also use "-", the
    /// hyphen that separates is the one that leaves a valid value (or nothing) on each side.
    /// </summary>
    public static bool TryParse(string text, DicomVR vr, out TemporalRange range, out string? startText, out string? endText)
    {
        range = null!;
        startText = endText = null;
        for (int i = text.IndexOf('-'); i >= 0; i = text.IndexOf('-', i + 1))
        {
            string left = text[..i].Trim(), right = text[(i + 1)..].Trim();
            if (left.Length == 0 && right.Length == 0) return false;
            TemporalValue a = default, b = default;
            if (left.Length > 0 && !TemporalValue.TryParse(left, vr, out a)) continue;
            if (right.Length > 0 && !TemporalValue.TryParse(right, vr, out b)) continue;
            range = new TemporalRange(left.Length > 0 ? a.Start : null, right.Length > 0 ? b.End : null);
            startText = left.Length > 0 ? TemporalValue.Normalize(a.Start, vr, TemporalValue.HasOffset(left, vr)) : null;
            endText = right.Length > 0 ? TemporalValue.Normalize(b.End, vr, TemporalValue.HasOffset(right, vr)) : null;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The single date-time range of combined date-time matching (PS3.4 C.2.2.2.5.4): a DA range and a TM range
    /// of the same form read as one DT range, "20060705-20060707" with "1000-1800" being July 5, 10:00 to July 7,
    /// 18:00. False when the two are not ranges of the same form.
    /// </summary>
    public static bool TryCombine(TemporalRange dates, TemporalRange times, out TemporalRange combined)
    {
        combined = null!;
        if (dates.Start.HasValue != times.Start.HasValue || dates.End.HasValue != times.End.HasValue) return false;
        combined = new TemporalRange(
            dates.Start is { } d1 && times.Start is { } t1 ? d1.Date + t1.TimeOfDay : null,
            dates.End is { } d2 && times.End is { } t2 ? d2.Date + t2.TimeOfDay : null);
        return true;
    }

    /// <summary>Whether the start is not after the end ("&lt;a&gt; is less or equal to &lt;b&gt;").</summary>
    public bool IsOrdered => Start is not { } s || End is not { } e || s <= e;

    /// <summary>Whether a stored moment falls in the range.</summary>
    public bool Contains(DateTime moment) => (Start is not { } s || moment >= s) && (End is not { } e || moment <= e);

    /// <summary>Whether any moment of a stored period falls in the range.</summary>
    public bool Overlaps(TemporalValue period) => (Start is not { } s || period.End >= s) && (End is not { } e || period.Start <= e);
}
