using System.Globalization;

namespace Osprey.Dicom.Data;

/// <summary>A DA value, YYYYMMDD (PS3.5 §6.2). The ACR-NEMA form YYYY.MM.DD is accepted on read.</summary>
public readonly record struct DicomDate(int Year, int Month, int Day)
{
    public static bool TryParse(ReadOnlySpan<char> s, out DicomDate date)
    {
        date = default;
        s = s.Trim();
        Span<char> digits = stackalloc char[8];
        int n = 0;
        foreach (var c in s)
        {
            if (c == '.') continue;
            if (!char.IsAsciiDigit(c) || n == 8) return false;
            digits[n++] = c;
        }
        if (n != 8) return false;
        int y = int.Parse(digits[..4], CultureInfo.InvariantCulture), m = int.Parse(digits[4..6], CultureInfo.InvariantCulture),
            d = int.Parse(digits[6..8], CultureInfo.InvariantCulture);
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(1, y), m)) return false;
        date = new DicomDate(y, m, d);
        return true;
    }

    public DateOnly ToDateOnly() => new(Year, Month, Day);
    public override string ToString() => $"{Year:D4}{Month:D2}{Day:D2}";
}

/// <summary>
/// A TM value, HH[MM[SS[.F{1-6}]]] (PS3.5 §6.2), keeping how many components were given. The
/// ACR-NEMA form HH:MM:SS is accepted on read.
/// </summary>
public readonly record struct DicomTime(int Hour, int Minute, int Second, int Microsecond, int Precision)
{
    /// <summary>Number of components given: 1 hour, 2 minutes, 3 seconds, 4 with a fraction.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out DicomTime time)
    {
        time = default;
        s = s.Trim();
        Span<char> buf = stackalloc char[s.Length];
        int n = 0;
        foreach (var c in s) if (c != ':') buf[n++] = c;
        var t = buf[..n];
        int dot = t.IndexOf('.');
        var whole = dot < 0 ? t : t[..dot];
        if (whole.Length is not (2 or 4 or 6)) return false;
        foreach (var c in whole) if (!char.IsAsciiDigit(c)) return false;
        int h = int.Parse(whole[..2], CultureInfo.InvariantCulture);
        int m = whole.Length >= 4 ? int.Parse(whole[2..4], CultureInfo.InvariantCulture) : 0;
        int sec = whole.Length >= 6 ? int.Parse(whole[4..6], CultureInfo.InvariantCulture) : 0;
        int micro = 0, precision = whole.Length / 2;
        if (dot >= 0)
        {
            var frac = t[(dot + 1)..];
            if (whole.Length != 6 || frac.Length is 0 or > 6) return false;
            foreach (var c in frac) if (!char.IsAsciiDigit(c)) return false;
            micro = int.Parse(frac, CultureInfo.InvariantCulture);
            for (int i = frac.Length; i < 6; i++) micro *= 10;
            precision = 4;
        }
        if (h > 23 || m > 59 || sec > 60) return false;
        time = new DicomTime(h, m, sec, micro, precision);
        return true;
    }

    public TimeOnly ToTimeOnly() => new(Hour, Minute, Math.Min(Second, 59), Microsecond / 1000, Microsecond % 1000);
}

/// <summary>
/// A DT value, YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX] (PS3.5 §6.2), with its optional UTC offset.
/// Components not given take their lowest value.
/// </summary>
public readonly record struct DicomDateTime(DateTime Value, TimeSpan? UtcOffset, int Precision)
{
    public static bool TryParse(ReadOnlySpan<char> s, out DicomDateTime result)
    {
        result = default;
        s = s.Trim();
        TimeSpan? offset = null;
        int sign = s.IndexOfAny('+', '-');
        if (sign > 0)
        {
            var z = s[(sign + 1)..];
            if (z.Length != 4 || !int.TryParse(z[..2], NumberStyles.None, CultureInfo.InvariantCulture, out int zh)
                || !int.TryParse(z[2..], NumberStyles.None, CultureInfo.InvariantCulture, out int zm)) return false;
            offset = new TimeSpan(zh, zm, 0) * (s[sign] == '-' ? -1 : 1);
            s = s[..sign];
        }
        int dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        if (whole.Length is < 4 or > 14 || whole.Length % 2 != 0) return false;
        foreach (var c in whole) if (!char.IsAsciiDigit(c)) return false;
        int year = int.Parse(whole[..4], CultureInfo.InvariantCulture);
        int month = Part(whole, 4, 1), day = Part(whole, 6, 1), hour = Part(whole, 8, 0), minute = Part(whole, 10, 0), second = Part(whole, 12, 0);
        long ticks = 0;
        int precision = whole.Length <= 4 ? 1 : whole.Length / 2 - 1;
        if (dot >= 0)
        {
            var frac = s[(dot + 1)..];
            if (whole.Length != 14 || frac.Length is 0 or > 6 || !int.TryParse(frac, NumberStyles.None, CultureInfo.InvariantCulture, out int f)) return false;
            for (int i = frac.Length; i < 6; i++) f *= 10;
            ticks = f * 10L;
            precision = 7;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        result = new DicomDateTime(new DateTime(year, month, day, hour, minute, second).AddTicks(ticks), offset, precision);
        return true;
    }

    private static int Part(ReadOnlySpan<char> digits, int at, int absent)
        => digits.Length >= at + 2 ? int.Parse(digits.Slice(at, 2), CultureInfo.InvariantCulture) : absent;
}
