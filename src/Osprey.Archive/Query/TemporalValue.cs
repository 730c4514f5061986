using System.Globalization;
using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// A DA, TM or DT value read for matching by meaning (PS3.4 C.2.2.2.1.3, C.2.2.2.5): the period its
/// components cover, from <see cref="Start"/> (components not given at their lowest) to <see cref="End"/>
/// (the last microsecond within the given precision: "2006" ends on 2006-12-31 23:59:59.999999, the TM
/// "10" at 10:59:59.999999, "101010.5" at 10:10:10.599999). A DT with an offset from UTC is converted to UTC;
/// one without is read as UTC, so that "19980128103000" equals "19980128073000-0300" (the example of PS3.4
/// C.2.2.2.1.3). Times of day (TM) sit on day one of the calendar.
/// </summary>
internal readonly record struct TemporalValue(DateTime Start, DateTime End)
{
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>Reads a DA, TM or DT value (padding already removed). False when it is not a value of the VR.</summary>
    public static bool TryParse(string text, DicomVR vr, out TemporalValue value)
    {
        value = default;
        if (text.Length == 0) return false;
        switch (vr)
        {
            case DicomVR.DA:
                if (!DicomDate.TryParse(text, out var date) || date.Year < 1) return false;
                var day = new DateTime(date.Year, date.Month, date.Day);
                value = new(day, EndOf(day, d => d.AddDays(1)));
                return true;
            case DicomVR.TM:
                if (!DicomTime.TryParse(text, out var time)) return false;
                var start = DateTime.MinValue + new TimeSpan(0, time.Hour, time.Minute, time.Second) + TimeSpan.FromTicks(time.Microsecond * 10L);
                var span = time.Precision switch
                {
                    1 => TimeSpan.FromHours(1),
                    2 => TimeSpan.FromMinutes(1),
                    3 => TimeSpan.FromSeconds(1),
                    _ => FractionUnit(text),
                };
                value = new(start, start + span - Microsecond);
                return true;
            case DicomVR.DT:
                if (!DicomDateTime.TryParse(text, out var dt)) return false;
                if (dt.UtcOffset is { } offset && offset.Duration() > MaxOffset) return false;
                var first = dt.UtcOffset is { } utcOffset ? Clamped(() => dt.Value - utcOffset, dt.Value) : dt.Value;
                var fraction = FractionUnit(StripOffset(text));
                value = new(first, EndOf(first, d => dt.Precision switch
                {
                    1 => d.AddYears(1),
                    2 => d.AddMonths(1),
                    3 => d.AddDays(1),
                    4 => d.AddHours(1),
                    5 => d.AddMinutes(1),
                    6 => d.AddSeconds(1),
                    _ => d + fraction,
                }));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The last microsecond before the start of the next period; the calendar's end for periods of year 9999.</summary>
    private static DateTime EndOf(DateTime start, Func<DateTime, DateTime> next) => Clamped(() => next(start) - Microsecond, DateTime.MaxValue);

    /// <summary>A computed moment, or <paramref name="fallback"/> when it falls off the calendar (before year 1, after 9999).</summary>
    private static DateTime Clamped(Func<DateTime> compute, DateTime fallback)
    {
        try
        {
            return compute();
        }
        catch (ArgumentOutOfRangeException)
        {
            return fallback;
        }
    }

    /// <summary>The period one unit of the last fraction digit covers: 0.1 s for one digit … 1 µs for six.</summary>
    private static TimeSpan FractionUnit(string text)
    {
        int dot = text.IndexOf('.');
        int digits = dot < 0 ? 6 : text.Length - dot - 1;
        return TimeSpan.FromTicks(10L * (long)Math.Pow(10, 6 - Math.Clamp(digits, 1, 6)));
    }

    private static string StripOffset(string text)
    {
        int sign = text.AsSpan().IndexOfAny('+', '-');
        return sign > 0 ? text[..sign] : text;
    }

    /// <summary>
    /// The normalized text of a moment, in which the order of strings is the order of time: DA as YYYYMMDD,
    /// TM as HHMMSS.FFFFFF, DT as YYYYMMDDHHMMSS.FFFFFF (in UTC, with the suffix "+0000" when the value had an offset).
    /// </summary>
    public static string Normalize(DateTime moment, DicomVR vr, bool hadOffset = false) => vr switch
    {
        DicomVR.DA => moment.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        DicomVR.TM => moment.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture),
        _ => moment.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + (hadOffset ? "+0000" : ""),
    };

    /// <summary>Whether a DT value carries an offset from UTC.</summary>
    public static bool HasOffset(string text, DicomVR vr) => vr == DicomVR.DT && text.AsSpan().IndexOfAny('+', '-') > 0;
}
