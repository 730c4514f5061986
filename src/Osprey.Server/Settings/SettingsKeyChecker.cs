using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Osprey.Server.Settings;

/// <summary>
/// Checks the keys and value types of the merged configuration against <see cref="OspreySettings"/>
/// before binding, so that a typo or a mistyped value stops start-up with one line naming the key
/// (the binder would ignore the former and fail with a long message on the latter).
/// </summary>
internal static class SettingsKeyChecker
{
    /// <summary>Every problem of <paramref name="config"/>, one line each.</summary>
    public static List<string> Check(IConfiguration config)
    {
        var problems = new List<string>();
        CheckObject(config.GetChildren(), typeof(OspreySettings), "", problems);
        return problems;
    }

    private static void CheckObject(IEnumerable<IConfigurationSection> children, Type type, string prefix, List<string> problems)
    {
        foreach (var child in children)
        {
            var path = prefix + child.Key;
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                problems.Add($"{path}: is not a setting (check the spelling; see SETTINGS.md)");
                continue;
            }
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                problems.Add(property.DeclaringType == typeof(StorageSettings) && property.Name == nameof(StorageSettings.DataDirectory)
                    ? $"{path}: is not a setting; the data directory is given by the --data option"
                    : $"{path}: is not a setting");
                continue;
            }
            CheckValue(child, property.PropertyType, path, problems);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, string path, List<string> problems)
    {
        var hasChildren = section.GetChildren().Any();
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (scalar == typeof(string) || scalar == typeof(int) || scalar == typeof(bool))
        {
            if (hasChildren)
            {
                problems.Add($"{path}: must be a single value, not a section");
                return;
            }
            var value = section.Value;
            var nullable = type == typeof(string) || Nullable.GetUnderlyingType(type) is not null;
            if (string.IsNullOrEmpty(value) && nullable)
                return;
            if (scalar == typeof(int) && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                problems.Add($"{path}: must be a whole number (got {SettingsValidator.Quote(value)})");
            else if (scalar == typeof(bool) && !bool.TryParse(value, out _))
                problems.Add($"{path}: must be true or false (got {SettingsValidator.Quote(value)})");
            return;
        }
        if (!hasChildren)
        {
            // An empty JSON object or array, or null, reads as an empty value: nothing to bind.
            if (!string.IsNullOrEmpty(section.Value))
                problems.Add($"{path}: must be a {(IsList(type, out _) ? "list" : "section")}, not a single value (got {SettingsValidator.Quote(section.Value)})");
            return;
        }
        if (IsList(type, out var element))
        {
            foreach (var item in section.GetChildren())
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    problems.Add($"{path}:{item.Key}: must be a list index (0, 1, 2, …)");
                else
                    CheckValue(item, element, $"{path}:{item.Key}", problems);
            }
            return;
        }
        CheckObject(section.GetChildren(), type, path + ":", problems);
    }

    private static bool IsList(Type type, out Type element)
    {
        var list = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);
        element = list ? type.GetGenericArguments()[0] : typeof(object);
        return list;
    }
}
