using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace NanoBanana.Commands;

/// <summary>Completes -Id with the generation ids seen in this session, newest first.</summary>
public sealed class GenerationIdCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        from id in NbSession.Current.RecentIds()
        where Completion.Matches(id, wordToComplete)
        select new CompletionResult(id, id, CompletionResultType.ParameterValue, id);
}
