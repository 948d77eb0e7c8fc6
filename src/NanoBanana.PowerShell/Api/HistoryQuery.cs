using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace NanoBanana.Api;

/// <summary>Which generations of the history to read; each filter left null lets every generation through.</summary>
internal sealed class HistoryQuery
{
    /// <summary>Matches the prompt (Get-NbHistory gives a wildcard pattern).</summary>
    public Func<string, bool>? Prompt { get; set; }

    /// <summary>Matches the model's name; the service's default model when the request named none.</summary>
    public Func<string, bool>? Model { get; set; }

    /// <summary>Matches the generation id.</summary>
    public Func<string, bool>? Id { get; set; }

    /// <summary>Generations created (or submitted, when the creation time is unknown) at or after this time.</summary>
    public DateTimeOffset? Since { get; set; }

    public IReadOnlyCollection<NbGenerationStatus>? Status { get; set; }

    /// <summary>At most this many, the newest.</summary>
    public int? Last { get; set; }

    /// <summary>Whether a generation of these facts passes every filter.</summary>
    [MethodImpl(JsonLinesFile.AggressiveOptimization)]
    public bool Matches(string prompt, string model, string id, DateTimeOffset? created, NbGenerationStatus status) =>
        (Prompt is null || Prompt(prompt)) &&
        (Model is null || Model(model)) &&
        (Id is null || Id(id)) &&
        (Since is null || created >= Since) &&
        (Status is null || Status.Contains(status));
}
