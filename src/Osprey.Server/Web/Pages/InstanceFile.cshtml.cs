using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web.Pages;

/// <summary>
/// An instance as a Part 10 file (PS3.10 §7; <c>application/dicom</c>, PS3.18 §8.7.3.5.2) for
/// download: the stored file, streamed from where the index says it is in the storage directory.
/// </summary>
public sealed class InstanceFileModel(OspreyNode node) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string studyUid, string sopUid, CancellationToken cancellationToken)
    {
        var instance = await node.Index.FindInstanceAsync(sopUid, cancellationToken);
        if (instance == null || instance.StudyInstanceUid != studyUid) return NotFound();
        var path = node.Blobs.FullPath(instance.File);
        if (!System.IO.File.Exists(path)) return NotFound();
        return PhysicalFile(path, "application/dicom", $"{sopUid}.dcm");
    }
}
