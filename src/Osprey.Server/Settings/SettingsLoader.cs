using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Osprey.Server.Settings;

/// <summary>
/// Reads and writes <c>&lt;data&gt;/settings.json</c>. Loading layers, each over the one before:
/// the file; environment variables <c>OSPREY_Section__Key</c> (e.g. <c>OSPREY_Dicom__TcpPort=104</c>,
/// <c>OSPREY_Devices__0__Port=104</c>); arguments <c>--Section:Key=value</c> or <c>--Section:Key value</c>.
/// Keys ignore case. The result is checked (unknown keys, value types, then
/// <see cref="SettingsValidator"/>) and any problem throws <see cref="SettingsException"/>.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Name of the settings file in the data directory.</summary>
    public const string FileName = "settings.json";

    /// <summary>Prefix of the environment variables that override settings (compared ignoring case).</summary>
    public const string EnvironmentPrefix = "OSPREY_";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file, not HTML: keep '+', '<', non-ASCII readable
    };

    /// <summary>
    /// Loads the settings of <paramref name="dataDirectory"/> (created if missing). When
    /// <c>settings.json</c> is missing it is first written with every default. Then the file, the
    /// environment (<paramref name="environment"/>, or the process's when null) and
    /// <paramref name="args"/> are merged, checked, bound and validated. Of <paramref name="args"/>
    /// only <c>--Section:Key[=value]</c> items (a key with a colon) are read; others, such as
    /// <c>--data DIR</c>, are skipped. Transfer syntax keywords are turned into UIDs.
    /// <see cref="StorageSettings.DataDirectory"/> is the full path of <paramref name="dataDirectory"/>.
    /// With <paramref name="writeDefaults"/> false nothing is created: a missing file reads as the defaults.
    /// </summary>
    /// <exception cref="SettingsException">The file cannot be read or parsed, an argument lacks its value, a key is unknown, a value has the wrong type, or a rule is broken.</exception>
    public static OspreySettings Load(string dataDirectory, string[] args, IDictionary? environment = null, bool writeDefaults = true)
    {
        var directory = Path.GetFullPath(dataDirectory);
        var path = Path.Combine(directory, FileName);
        IConfigurationRoot config;
        try
        {
            if (writeDefaults)
            {
                Directory.CreateDirectory(directory);
                if (!File.Exists(path))
                    AtomicFile.Write(path, ToJson(new OspreySettings()), overwrite: false);
            }
            var bytes = writeDefaults || File.Exists(path) ? File.ReadAllBytes(path) : "{}"u8.ToArray();
            config = new ConfigurationBuilder()
                .AddJsonStream(new MemoryStream(bytes))
                .AddInMemoryCollection(FromEnvironment(environment ?? Environment.GetEnvironmentVariables()))
                .AddCommandLine(SettingArguments(args).ToArray())
                .Build();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{path}: cannot be read or written: {OneLine(e.Message)}", e);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidDataException)
        {
            var detail = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            throw new SettingsException($"{path}: is not a valid settings file: {OneLine(detail)}", e);
        }

        var settings = Bind(config);
        settings.Storage.DataDirectory = directory;
        SettingsValidator.ThrowIfInvalid(settings);
        return settings;
    }

    /// <summary>
    /// Reads a whole settings file's content (as <c>PUT /api/settings</c> receives it): keys and types
    /// checked and bound as <see cref="Load"/> does, transfer syntax keywords turned into UIDs, but not
    /// validated (the caller runs <see cref="SettingsValidator.Validate"/>). Nothing is read or written on disk.
    /// </summary>
    /// <exception cref="SettingsException">The JSON cannot be parsed, a key is unknown or a value has the wrong type.</exception>
    public static OspreySettings FromJson(byte[] json)
    {
        IConfigurationRoot config;
        try
        {
            config = new ConfigurationBuilder().AddJsonStream(new MemoryStream(json)).Build();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidDataException)
        {
            var detail = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            throw new SettingsException($"settings: not valid settings JSON: {OneLine(detail)}", e);
        }
        return Bind(config);
    }

    /// <summary>Checks keys and types, binds and normalizes transfer syntaxes (no rule checks).</summary>
    private static OspreySettings Bind(IConfigurationRoot config)
    {
        var problems = SettingsKeyChecker.Check(config);
        if (problems.Count > 0)
            throw new SettingsException(problems);

        var settings = new OspreySettings();
        try
        {
            config.Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            // The key checker should have caught it; keep the one-line promise anyway.
            throw new SettingsException($"settings: {OneLine(e.Message)}", e);
        }
        NormalizeTransferSyntaxes(settings);
        return settings;
    }

    /// <summary>
    /// Loads and validates the settings for a command; on a problem writes one line
    /// (<c>osprey COMMAND: Key: rule</c>) to <paramref name="stderr"/> and returns null.
    /// </summary>
    public static OspreySettings? LoadValid(string command, string dataDirectory, string[] args, TextWriter stderr, bool writeDefaults = true)
    {
        try
        {
            var settings = Load(dataDirectory, args, writeDefaults: writeDefaults);
            SettingsValidator.ThrowIfInvalid(settings);
            return settings;
        }
        catch (SettingsException e)
        {
            stderr.WriteLine($"osprey {command}: {e.Problems[0]}");
            return null;
        }
    }

    /// <summary>
    /// Validates <paramref name="settings"/> and writes them to <c>&lt;data&gt;/settings.json</c> atomically
    /// (temporary file, flush, rename; the old file stays whole if anything fails). Everything in the
    /// model is written, including values that came from environment variables or arguments: to edit the
    /// file alone, load with no arguments and an empty environment.
    /// </summary>
    /// <exception cref="SettingsException">The settings break a rule (nothing is written), or the file cannot be written.</exception>
    public static void Save(string dataDirectory, OspreySettings settings)
    {
        SettingsValidator.ThrowIfInvalid(settings);
        var directory = Path.GetFullPath(dataDirectory);
        var path = Path.Combine(directory, FileName);
        try
        {
            Directory.CreateDirectory(directory);
            AtomicFile.Write(path, ToJson(settings), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{path}: cannot be written: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>The settings as <c>settings.json</c> holds them: indented JSON, unset overrides left out.</summary>
    public static string ToJson(OspreySettings settings) => JsonSerializer.Serialize(settings, Json) + Environment.NewLine;

    /// <summary>The <c>OSPREY_</c> variables of <paramref name="environment"/> as configuration keys (<c>__</c> becomes <c>:</c>).</summary>
    internal static Dictionary<string, string?> FromEnvironment(IDictionary environment)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
                result[name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = entry.Value?.ToString();
        }
        return result;
    }

    /// <summary>The <c>--Section:Key=value</c> and <c>--Section:Key value</c> items of <paramref name="args"/>, in order.</summary>
    internal static List<string> SettingArguments(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                continue;
            var equals = arg.IndexOf('=');
            var key = equals < 0 ? arg[2..] : arg[2..equals];
            if (!key.Contains(':') || key.StartsWith(':'))
                continue;
            if (equals < 0 && i + 1 >= args.Length)
                throw new SettingsException($"{key}: the argument {arg} needs a value (--{key}=VALUE or --{key} VALUE)");
            result.Add(arg);
            if (equals < 0)
                result.Add(args[++i]);
        }
        return result;
    }

    private static void NormalizeTransferSyntaxes(OspreySettings settings)
    {
        settings.Dicom.PreferredTransferSyntax = TransferSyntaxChoices.Normalize(settings.Dicom.PreferredTransferSyntax)!;
        foreach (var device in settings.Devices)
        {
            if (device?.Overrides is { } o)
                o.PreferredTransferSyntax = TransferSyntaxChoices.Normalize(o.PreferredTransferSyntax);
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
