using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;

namespace NanoBanana.Commands;

/// <summary>The base of the module's argument completers: candidates that start with what was typed, quoted where needed.</summary>
public abstract class NbCompleter : IArgumentCompleter
{
    private static readonly Regex Bare = new("^[A-Za-z0-9_.:-]+$", RegexOptions.CultureInvariant);

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters) =>
        from candidate in Candidates()
        where candidate.Value.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase)
        select new CompletionResult(
            Quote(candidate.Value),
            candidate.Value,
            CompletionResultType.ParameterValue,
            candidate.ToolTip);

    /// <summary>The values to offer, each with its tooltip.</summary>
    protected abstract IEnumerable<(string Value, string ToolTip)> Candidates();

    /// <summary>The text to insert: quoted when PowerShell would read the name otherwise (e.g. the &amp; in nanobanan2&amp;pro).</summary>
    private static string Quote(string name) => Bare.IsMatch(name) ? name : $"'{name.Replace("'", "''")}'";
}
