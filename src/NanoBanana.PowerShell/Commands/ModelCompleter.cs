using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

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
