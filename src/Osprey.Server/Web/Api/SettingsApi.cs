using System.Text.Json.Nodes;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;

namespace Osprey.Server.Web.Api;

/// <summary>
/// The settings page for scripts: <c>GET /api/settings</c> (the file's settings, secrets blanked, and
/// the pinned keys), <c>PUT /api/settings</c> (a whole settings file: validated, then "Save and
/// Restart"), <c>POST /api/restart</c> (restart the DICOM listeners with the effective settings).
/// Secrets (<see cref="SettingsChanges.IsSecret"/>) are never returned; a PUT that leaves one blank keeps the file's.
/// </summary>
public static class SettingsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/settings", (OspreyNode node) =>
        {
            OspreySettings file;
            try
            {
                file = SettingsSaver.LoadFile(node);
            }
            catch (SettingsException e)
            {
                return Results.Json(new { problems = e.Problems }, statusCode: StatusCodes.Status409Conflict);
            }
            Blank(file);
            var pins = SettingsSaver.Pins(node);
            var body = new JsonObject
            {
                ["settings"] = JsonNode.Parse(SettingsLoader.ToJson(file)),
                ["pinned"] = new JsonArray([.. pins.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(k => (JsonNode)new JsonObject { ["key"] = k, ["from"] = pins.SourceOf(k) })]),
            };
            return Results.Text(body.ToJsonString(), "application/json");
        });

        api.MapPut("/settings", async (HttpRequest request, OspreyNode node, ILogger<OspreyNode> log) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            OspreySettings before, after;
            try
            {
                before = SettingsSaver.LoadFile(node);
                after = SettingsLoader.FromJson(buffer.ToArray());
            }
            catch (SettingsException e)
            {
                return Results.Json(new { problems = e.Problems }, statusCode: StatusCodes.Status400BadRequest);
            }
            KeepSecrets(before, after);
            var outcome = await SettingsSaver.SaveAndRestartAsync(node, before, after, log);
            if (!outcome.Written)
                return Results.Json(new { problems = outcome.Problems }, statusCode: StatusCodes.Status400BadRequest);
            var changes = outcome.Changes.Select(c => new { key = c.Key, name = SettingsFields.NameOf(c.Key), before = c.Before, after = c.After, needsProcessRestart = c.NeedsProcessRestart });
            return outcome.RestartFailure is { } failure
                ? Results.Json(new { saved = true, restarted = false, error = failure, changes }, statusCode: StatusCodes.Status409Conflict)
                : Results.Json(new { saved = true, restarted = true, changes });
        });

        api.MapPost("/restart", async (OspreyNode node) =>
        {
            try
            {
                await node.RestartAsync(SettingsLoader.Load(node.DataDirectory, node.SettingArgs));
            }
            catch (SettingsException e)
            {
                return Results.Json(new { restarted = false, problems = e.Problems }, statusCode: StatusCodes.Status409Conflict);
            }
            return Results.Json(new { restarted = true, listeners = (await StatusReport.FromAsync(node)).Listeners });
        });
    }

    /// <summary>Blanks the secrets: the certificate password, the users' password hashes, the API tokens (each kept as "", so their number shows).</summary>
    private static void Blank(OspreySettings s)
    {
        s.Dicom.Tls.CertificatePassword = "";
        foreach (var u in s.Dicom.Users) if (u is not null) u.PasswordHash = "";
        s.Web.ApiTokens = [.. s.Web.ApiTokens.Select(_ => "")];
    }

    /// <summary>Where <paramref name="after"/> leaves a secret blank, the file's value stays (a user's hash by user name, a token by position).</summary>
    private static void KeepSecrets(OspreySettings file, OspreySettings after)
    {
        if (string.IsNullOrEmpty(after.Dicom.Tls.CertificatePassword))
            after.Dicom.Tls.CertificatePassword = file.Dicom.Tls.CertificatePassword;
        foreach (var u in after.Dicom.Users)
        {
            if (u is not null && string.IsNullOrEmpty(u.PasswordHash))
                u.PasswordHash = file.Dicom.Users.FirstOrDefault(f => f?.Username == u.Username)?.PasswordHash ?? "";
        }
        var tokens = after.Web.ApiTokens ?? [];
        after.Web.ApiTokens = [.. tokens.Select((t, i) => string.IsNullOrEmpty(t) && i < file.Web.ApiTokens.Count ? file.Web.ApiTokens[i] : t).Where(t => !string.IsNullOrEmpty(t))];
    }
}
