using System.Text.Json;
using Osprey.Server.Devices;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;

namespace Osprey.Server.Web.Api;

/// <summary>
/// <c>/api/devices</c> (issue 11 point 3), the Devices page for scripts: list, read, add, replace and
/// delete remote devices (through <see cref="DeviceChanges"/>: the file settings, validated, then the
/// listeners restart), and verify one with C-ECHO (<see cref="DeviceVerifier"/>). A body is a
/// <see cref="RemoteDevice"/> in JSON. 400 with <c>{problems:[…]}</c> on invalid input, 404 for an unknown AE title.
/// </summary>
public static class DevicesApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/devices", (OspreyNode node) => Results.Json(node.Settings.Devices));
        api.MapGet("/devices/{ae}", (string ae, OspreyNode node) =>
            node.Settings.Devices.FirstOrDefault(d => d.AeTitle.Trim() == ae.Trim()) is { } d ? Results.Json(d) : UnknownDevice(ae));
        api.MapPost("/devices", AddAsync);
        api.MapPut("/devices/{ae}", ReplaceAsync);
        api.MapDelete("/devices/{ae}", DeleteAsync);
        api.MapPost("/devices/{ae}/echo", async (string ae, OspreyNode node) =>
            await DeviceVerifier.VerifyAsync(node.Settings, ae) is { } r
                ? Results.Json(new { success = r.Success, status = r.Status, milliseconds = r.Milliseconds, error = r.Error })
                : UnknownDevice(ae));
    }

    private static async Task<IResult> AddAsync(HttpRequest request, OspreyNode node)
    {
        if (await ReadAsync(request) is not { } device) return BadBody();
        var outcome = await DeviceChanges.ApplyAsync(node, (file, _) =>
        {
            file.Devices.Add(device);
            return file.Devices.Count - 1;
        });
        return outcome.Succeeded ? Results.Json(Find(node, device.AeTitle), statusCode: StatusCodes.Status201Created) : Problems(outcome);
    }

    private static async Task<IResult> ReplaceAsync(string ae, HttpRequest request, OspreyNode node)
    {
        if (await ReadAsync(request) is not { } device) return BadBody();
        if (string.IsNullOrWhiteSpace(device.AeTitle)) device.AeTitle = ae.Trim();
        var outcome = await DeviceChanges.ApplyAsync(node, (file, _) =>
        {
            var i = DeviceChanges.IndexOf(file, ae);
            if (i < 0) return null;
            file.Devices[i] = device;
            return i;
        });
        if (!outcome.Found) return UnknownDevice(ae);
        return outcome.Succeeded ? Results.Json(Find(node, device.AeTitle)) : Problems(outcome);
    }

    private static async Task<IResult> DeleteAsync(string ae, OspreyNode node)
    {
        var outcome = await DeviceChanges.ApplyAsync(node, (file, _) =>
        {
            var i = DeviceChanges.IndexOf(file, ae);
            if (i < 0) return null;
            file.Devices.RemoveAt(i);
            return -1;
        });
        if (!outcome.Found) return UnknownDevice(ae);
        return outcome.Succeeded ? Results.NoContent() : Problems(outcome);
    }

    /// <summary>The device of the body; null when the body is not a JSON device.</summary>
    private static async Task<RemoteDevice?> ReadAsync(HttpRequest request)
    {
        try
        {
            var device = await JsonSerializer.DeserializeAsync<RemoteDevice>(request.Body, Json);
            if (device == null) return null;
            device.AeTitle ??= "";
            device.Host ??= "";
            device.TlsCertificate ??= "";
            device.TlsPrivateKey ??= "";
            device.AllowedServices ??= [];
            device.Overrides ??= new();
            device.Overrides.Timeouts ??= new();
            device.Overrides.PreferredTransferSyntax = TransferSyntaxChoices.Normalize(device.Overrides.PreferredTransferSyntax);
            return device;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RemoteDevice? Find(OspreyNode node, string ae) => node.Settings.Devices.FirstOrDefault(d => d.AeTitle.Trim() == ae.Trim());

    private static IResult BadBody() =>
        Results.Json(new { problems = new[] { "body: must be a device in JSON, e.g. {\"aeTitle\":\"PACS\",\"host\":\"pacs.example\",\"port\":104}" } }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Problems(DeviceChanges.Outcome outcome) =>
        Results.Json(new { problems = outcome.Problems }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult UnknownDevice(string ae) =>
        Results.Json(new { error = $"no device with AE title \"{ae}\"" }, statusCode: StatusCodes.Status404NotFound);
}
