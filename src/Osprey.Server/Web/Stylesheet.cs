namespace Osprey.Server.Web;

/// <summary>The one stylesheet of the web page, served at <c>/osprey.css</c> (kept in the program: no files to deploy beside it).</summary>
public static class Stylesheet
{
    public const string Text = """
        :root { --ink: #1d2733; --muted: #5b6776; --line: #d8dee6; --bg: #f4f6f9; --panel: #fff; --accent: #1f5f9e; --ok: #1e7b45; --bad: #b42318; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
        header.top { background: #17324d; color: #fff; display: flex; align-items: center; gap: 28px; padding: 0 24px; height: 52px; }
        header.top .brand { font-weight: 650; font-size: 16px; letter-spacing: .02em; }
        header.top .brand small { font-weight: 400; opacity: .7; margin-left: 6px; }
        header.top nav { display: flex; gap: 4px; flex: 1; }
        header.top nav a { color: #d6e2ee; text-decoration: none; padding: 6px 12px; border-radius: 4px; }
        header.top nav a:hover { background: rgba(255,255,255,.08); color: #fff; }
        header.top nav a.active { background: rgba(255,255,255,.16); color: #fff; }
        header.top form { margin: 0; }
        header.top .who { color: #b8c7d6; font-size: 13px; margin-right: 8px; }
        main { max-width: 1180px; margin: 24px auto; padding: 0 24px; }
        h1 { font-size: 22px; font-weight: 600; margin: 0 0 6px; }
        h2 { font-size: 16px; font-weight: 600; margin: 0 0 12px; }
        p.lead { color: var(--muted); margin: 0 0 20px; }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 18px 20px; margin-bottom: 20px; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        tr:last-child td { border-bottom: none; }
        table.settings td.name { width: 210px; font-weight: 600; padding-top: 12px; }
        table.settings td.value { width: 330px; }
        table.settings td.help { color: var(--muted); font-size: 13px; padding-top: 12px; }
        input[type=text], input[type=password], input[type=number], select { width: 100%; padding: 6px 8px; border: 1px solid #b9c3cf; border-radius: 4px; font: inherit; background: #fff; }
        input[readonly] { background: #eef1f5; color: var(--muted); }
        input:focus, select:focus { outline: 2px solid #9cc3ea; border-color: var(--accent); }
        .field-error { color: var(--bad); font-size: 12.5px; margin-top: 4px; }
        .invalid { border-color: var(--bad) !important; background: #fff6f5 !important; }
        .pinned { font-size: 12px; color: var(--warn); margin-top: 3px; }
        button, .button { display: inline-block; padding: 7px 16px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; font: inherit; cursor: pointer; text-decoration: none; }
        button.secondary, .button.secondary { background: #fff; color: var(--accent); }
        button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
        button.link { background: none; border: none; color: #d6e2ee; padding: 6px 8px; }
        .actions { display: flex; gap: 10px; align-items: center; margin-top: 16px; }
        .notice { padding: 10px 14px; border-radius: 4px; margin-bottom: 16px; border: 1px solid; }
        .notice.warn { background: #fff8e6; border-color: #f0d58c; color: #6b4e00; }
        .notice.ok { background: #edf7f0; border-color: #a8d5b6; color: #145c32; }
        .notice.bad { background: #fdf0ef; border-color: #f0b5ae; color: #8c1d13; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; margin-bottom: 20px; }
        .stat { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; }
        .stat .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .stat .value { font-size: 22px; font-weight: 600; margin-top: 2px; }
        .ok { color: var(--ok); } .bad { color: var(--bad); }
        code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
        .login { max-width: 380px; margin: 90px auto; }
        .login .panel { padding: 26px 28px; }
        .login label, .form label { display: block; font-weight: 600; margin: 12px 0 4px; }
        .muted { color: var(--muted); }
        """;
}
