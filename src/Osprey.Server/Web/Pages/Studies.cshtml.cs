using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web.Pages;

/// <summary>The studies page: search by patient name, patient ID, accession number, study date (a day or a range) and modality, through C-FIND's query path (<see cref="StudySearch"/>).</summary>
public sealed class StudiesModel(OspreyNode node) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? PatientName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? PatientId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? AccessionNumber { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? DateFrom { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? DateTo { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Modality { get; set; }

    /// <summary>The matches, or null before a search.</summary>
    public IReadOnlyList<DicomDataset>? Results { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var criteria = new StudySearch.Criteria(PatientName, PatientId, AccessionNumber, DateFrom, DateTo, Modality);
        if (criteria.IsEmpty && !Request.Query.ContainsKey("search")) return;
        try
        {
            Results = await StudySearch.StudiesAsync(node, criteria, cancellationToken);
        }
        catch (QueryException e)
        {
            Error = e.ErrorComment;
        }
    }
}
