using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using System.Threading;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>Completes -Model with the names in the session's model catalog (read once, in about three seconds at most).</summary>
public sealed class ModelCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        from model in NbServiceCmdlet.CatalogForCompletion()
        where Completion.Matches(model.Name, wordToComplete)
        select new CompletionResult(Completion.Quote(model.Name), model.Name, CompletionResultType.ParameterValue, $"{model.DisplayName}: {model.CreditsCost} credit(s){(model.RequiresPro ? ", Pro" : "")}");
}

/// <summary>Offers the aspect ratios the service is known to accept; others can still be typed.</summary>
public sealed class AspectRatioCompleter : IArgumentCompleter
{
    private static readonly (string Ratio, string Shape)[] Known =
    [
        ("1:1", "square"), ("16:9", "landscape"), ("9:16", "portrait"), ("4:3", "landscape"), ("3:4", "portrait"),
        ("3:2", "landscape"), ("2:3", "portrait"), ("5:4", "landscape"), ("4:5", "portrait"), ("21:9", "wide"),
        ("4:1", "banner, nanobanan models"), ("1:4", "tall banner, nanobanan models"), ("8:1", "banner, nanobanan models"),
        ("1:8", "tall banner, nanobanan models"), ("auto", "the model decides"), ("default", "the service's default"),
    ];

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        from known in Known
        where Completion.Matches(known.Ratio, wordToComplete)
        select new CompletionResult(known.Ratio, known.Ratio, CompletionResultType.ParameterValue, $"{known.Ratio} ({known.Shape})");
}

/// <summary>Completes -Id with the generation ids seen in this session, newest first.</summary>
public sealed class GenerationIdCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        from id in NbSession.Current.RecentIds()
        where Completion.Matches(id, wordToComplete)
        select new CompletionResult(id, id, CompletionResultType.ParameterValue, id);
}

internal static class Completion
{
    private static readonly Regex Bare = new("^[A-Za-z0-9_.:-]+$", RegexOptions.CultureInvariant);

    public static bool Matches(string candidate, string typed) =>
        candidate.StartsWith(typed.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The text to insert: quoted when PowerShell would read the name otherwise (e.g. the &amp; in nanobanan2&amp;pro).</summary>
    public static string Quote(string name) => Bare.IsMatch(name) ? name : $"'{name.Replace("'", "''")}'";
}
