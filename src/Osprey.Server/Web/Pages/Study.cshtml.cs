using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Dicom.Data;
using Osprey.Server.Hosting;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Server.Web.Pages;

/// <summary>One study: its series and their instances (<see cref="StudySearch"/>), each instance downloadable as a Part 10 file.</summary>
public sealed class StudyModel(OspreyNode node) : PageModel
{
    public string StudyUid { get; private set; } = "";

    public DicomDataset Study { get; private set; } = null!;

    /// <summary>Each series with its instances (in Instance Number order).</summary>
    public IReadOnlyList<(DicomDataset Series, IReadOnlyList<DicomDataset> Instances)> Series { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string studyUid, CancellationToken cancellationToken)
    {
        StudyUid = studyUid;
        if (await StudySearch.StudyAsync(node, studyUid, cancellationToken) is not { } study) return NotFound();
        Study = study;
        var instances = (await StudySearch.InstancesAsync(node, studyUid, cancellationToken))
            .GroupBy(i => i.GetString(T.SeriesInstanceUID) ?? "")
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DicomDataset>)[.. g.OrderBy(i => i.GetInt64(T.InstanceNumber) ?? long.MaxValue)]);
        Series = [.. (await StudySearch.SeriesAsync(node, studyUid, cancellationToken))
            .OrderBy(s => s.GetInt64(T.SeriesNumber) ?? long.MaxValue)
            .Select(s => (s, instances.GetValueOrDefault(s.GetString(T.SeriesInstanceUID) ?? "", [])))];
        return Page();
    }
}
