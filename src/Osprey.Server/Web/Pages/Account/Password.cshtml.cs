using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Web.Security;

namespace Osprey.Server.Web.Pages.Account;

/// <summary>Changing one's password; the first login with the initial password must come here.</summary>
public sealed class PasswordModel(WebUserStore users, ILogger<PasswordModel> log) : PageModel
{
    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    public bool MustChange { get; private set; }
    public bool Done { get; private set; }
    public string? CurrentError { get; private set; }
    public string? NewError { get; private set; }

    public void OnGet() => MustChange = users.MustChangePassword(User.Identity!.Name!);

    public IActionResult OnPost()
    {
        var name = User.Identity!.Name!;
        MustChange = users.MustChangePassword(name);
        if (users.Verify(name, CurrentPassword) == null)
        {
            CurrentError = "This is not the current password.";
            return Page();
        }
        if (WebUserStore.Weakness(NewPassword) is { } weak)
        {
            NewError = "The new password " + weak + ".";
            return Page();
        }
        if (NewPassword != ConfirmPassword)
        {
            NewError = "The two new passwords differ.";
            return Page();
        }
        if (NewPassword == CurrentPassword)
        {
            NewError = "The new password must differ from the current one.";
            return Page();
        }
        users.SetPassword(name, NewPassword);
        log.LogInformation("web: password changed user=\"{User}\"", name);
        if (MustChange) return Redirect("/status");
        Done = true;
        return Page();
    }
}
