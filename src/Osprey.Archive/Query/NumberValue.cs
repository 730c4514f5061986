using System.Globalization;
using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// A number of a numeric key or stored attribute (IS, DS and the binary VRs), compared by value so that
/// "1.0", "1", "+1" and "001" are equal (PS3.4 C.2.2.2.1 leaves the Single Value Matching of IS and DS to the
/// implementation). Exact as a decimal when it fits one, else as a double.
/// </summary>
internal readonly record struct NumberValue(decimal? Exact, double Approximate)
{
    public static bool TryParse(string text, out NumberValue value)
    {
        value = default;
        var s = text.Trim(' ', '\0');
        if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            value = new NumberValue(d, (double)d);
            return true;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
        {
            value = new NumberValue(null, x);
            return true;
        }
        return false;
    }

    public static NumberValue FromDouble(double x)
        => double.IsFinite(x) && Math.Abs(x) < 7.9e28 ? new NumberValue((decimal)x, x) : new NumberValue(null, x);

    public bool EqualTo(NumberValue other)
        => Exact is { } a && other.Exact is { } b ? a == b : Approximate.Equals(other.Approximate);

    /// <summary>The numbers of an element of a numeric VR; strings that are not numbers are left out.</summary>
    public static List<NumberValue> Read(DicomValueElement element)
    {
        var result = new List<NumberValue>();
        switch (element.VR)
        {
            case DicomVR.IS:
            case DicomVR.DS:
                foreach (var s in element.GetStrings())
                    if (TryParse(s, out var n)) result.Add(n);
                break;
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.SV:
                for (int i = 0; i < element.ValueMultiplicity; i++)
                {
                    long v = element.GetInt64(i);
                    result.Add(new NumberValue(v, v));
                }
                break;
            case DicomVR.UV:
                for (int i = 0; i < element.ValueMultiplicity; i++)
                {
                    ulong v = element.ReadUInt64(i);
                    result.Add(new NumberValue(v, v));
                }
                break;
            case DicomVR.FL or DicomVR.FD:
                for (int i = 0; i < element.ValueMultiplicity; i++) result.Add(FromDouble(element.GetDouble(i)));
                break;
        }
        return result;
    }

    /// <summary>The invariant text of a number, as a key's value.</summary>
    public override string ToString()
        => Exact is { } d ? d.ToString(CultureInfo.InvariantCulture) : Approximate.ToString("R", CultureInfo.InvariantCulture);
}
