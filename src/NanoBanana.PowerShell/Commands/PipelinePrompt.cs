using System.IO;
using System.Management.Automation;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// What one object piped to New-NbImage stands for. A prompt: a string (also a line of Get-Content, whatever note
/// properties it carries) or an object with a Prompt property (a CSV row, a generation). With -Prompt given, a
/// reference image file: a FileInfo, or an object whose FullName or ReferenceImagePath names a file. Anything else is
/// refused before any request: PowerShell would otherwise turn it into text, and the text into a paid prompt.
/// </summary>
internal static class PipelinePrompt
{
    private const string Example = "'a red fox' | New-NbImage";

    /// <summary>The literal paths of the reference files the object brings; NbInvalidRequest if it is no input.</summary>
    /// <param name="promptGiven">-Prompt was given on the command line.</param>
    /// <param name="boundPaths">-ReferenceImagePath as bound from the object's properties, if it was.</param>
    public static string[] Classify(PSObject? input, bool promptGiven, string[]? boundPaths)
    {
        var value = input?.BaseObject;
        if (value is string)
        {
            return promptGiven
                ? throw Refused(
                    "A string was piped to New-NbImage while -Prompt was given: pipe the prompts "
                        + $"({Example}) or give -Prompt, not both.")
                : [];
        }

        if (promptGiven)
        {
            return value switch
            {
                FileInfo piped => boundPaths ?? [piped.FullName],
                not null when boundPaths is { Length: > 0 } => boundPaths,
                _ => throw Refused(
                    $"With -Prompt given, New-NbImage takes from the pipeline only reference image files (such as "
                        + $"Get-ChildItem's), not {PipelineInput.Describe(value)}."),
            };
        }

        if (value is not null && input!.Properties["Prompt"] is not null)
        {
            return boundPaths ?? [];
        }

        throw Refused(value is FileInfo file
            ? $"New-NbImage cannot use the file '{file.Name}' (System.IO.FileInfo) as a prompt. To edit files, give "
                + "the prompt with -Prompt: Get-ChildItem ./photos/*.jpg | New-NbImage -Prompt 'as a watercolour'."
            : $"New-NbImage cannot use {PipelineInput.Describe(value)} as a prompt. It takes strings (one generation "
                + "each, also the lines of Get-Content) and objects with a Prompt property, such as the rows of "
                + $"Import-Csv: {Example}.");
    }

    private static NbApiException Refused(string message) =>
        new(NbErrorKind.InvalidRequest, message + " Nothing was sent.");
}
