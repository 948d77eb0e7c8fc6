using System.Linq;
using NanoBanana.Api;

namespace NanoBanana.Commands;

/// <summary>
/// New-NbImage's generation request for one pipeline step: the command line's parameters, what the piped object
/// stands for (<see cref="PipelinePrompt"/>), and the reference files, resolved and checked before anything is sent.
/// </summary>
internal sealed class NewImageInput
{
    private readonly NewNbImageCommand cmdlet;
    private readonly bool promptGiven;
    private readonly bool pathsGiven;

    /// <summary>Call from BeginProcessing, when only the command line's parameters are bound.</summary>
    public NewImageInput(NewNbImageCommand cmdlet)
    {
        this.cmdlet = cmdlet;
        var bound = cmdlet.MyInvocation.BoundParameters;
        promptGiven = bound.ContainsKey(nameof(NewNbImageCommand.Prompt));
        pathsGiven = bound.ContainsKey(nameof(NewNbImageCommand.ReferenceImagePath));
    }

    /// <summary>The request; null, after writing an NbInvalidRequest error, when the input cannot make one.</summary>
    public GenerationRequest? CreateRequest()
    {
        var piped = cmdlet.MyInvocation.ExpectingInput;
        try
        {
            var boundPaths = pathsGiven ? null : cmdlet.ReferenceImagePath;
            var pipedPaths = piped ? PipelinePrompt.Classify(cmdlet.InputObject, promptGiven, boundPaths) : [];
            var files = ReferencePaths.Resolve(cmdlet, pathsGiven ? cmdlet.ReferenceImagePath! : [], pipedPaths);
            var urls = cmdlet.ReferenceImageUrl ?? [];
            var request = GenerationRequest.Create(
                cmdlet.Prompt ?? "", cmdlet.Model, cmdlet.AspectRatio, urls, files, cmdlet.Mode);
            foreach (var file in request.ReferenceImages.Where(r => r.Path is not null))
            {
                cmdlet.WriteVerbose(
                    $"Reference image {file.Description} ({file.MediaType}, {ServiceLimits.Size(file.FileLength)}) "
                        + "is sent inline as a data: URL.");
            }

            return request;
        }
        catch (NbApiException e)
        {
            cmdlet.WriteApiError(e, piped ? cmdlet.InputObject : cmdlet.Prompt);
            return null;
        }
    }
}
