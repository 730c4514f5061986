using System.CommandLine;
using System.Text.Json;
using Osprey.Dicom.Data;
using Osprey.Dicom.IO;
using Osprey.Dicom.Json;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey dump FILE...</c>: prints DICOM files as DICOM JSON (PS3.18 Annex F) or as an indented
/// text listing. A file that cannot be read gets one line on stderr with the file, the byte offset
/// and the reason, and the exit code is 1; the other files are still printed.
/// </summary>
public static class DumpCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "DICOM files (Part 10, or bare data sets).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "json (DICOM JSON, the default; several files give an array) or text (like dcmdump).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "text");
        var meta = new Option<bool>("--meta") { Description = "Include the File Meta Information (group 0002) in JSON output." };
        var command = new Command("dump", "Print DICOM files as DICOM JSON or as text.") { files, format, meta };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(format)!, parse.GetValue(meta), Console.Out, Console.Error));
        return command;
    }

    public static int Run(FileInfo[] files, string format, bool includeMeta, TextWriter stdout, TextWriter stderr)
    {
        int failures = 0;
        bool many = files.Length > 1 && format == "json";
        if (many) stdout.WriteLine("[");
        bool first = true;
        foreach (var info in files)
        {
            DicomFile file;
            try
            {
                file = DicomFile.Open(info.FullName);
            }
            catch (DicomParseException e)
            {
                stderr.WriteLine($"osprey dump: {info}: {e.Message}");
                failures++;
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"osprey dump: {info}: {e.Message}");
                failures++;
                continue;
            }
            foreach (var warning in file.Warnings) stderr.WriteLine($"osprey dump: {info}: warning: {warning}");
            if (format == "text")
            {
                if (files.Length > 1) stdout.WriteLine($"# File: {info}");
                DicomTextDump.Write(file, stdout);
                continue;
            }
            if (many && !first) stdout.WriteLine(",");
            first = false;
            var dataset = includeMeta ? new DicomDataset(file.FileMetaInformation.Concat(file.Dataset)) : file.Dataset;
            stdout.Write(DicomJsonWriter.Serialize(dataset, new DicomJsonWriterOptions { Indented = true }));
            if (!many) stdout.WriteLine();
        }
        if (many) stdout.WriteLine("\n]");
        return failures == 0 ? 0 : 1;
    }
}
