namespace NanoBanana.Emulator;

/// <summary>The public REST API under /api/v1.</summary>
internal static class ApiEndpoints
{
    public const string Root = "/api/v1";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var api = app.MapGroup(Root);
        api.MapGet("/models", context =>
            EmulatorJson.WriteAsync(context, StatusCodes.Status200OK, new DataEnvelope<IReadOnlyList<ModelInfo>>(ModelCatalog.Listed)));
        api.MapGet("/credits", context => GetCreditsAsync(context, state));
        api.MapGet("/generate", context => GetGenerationAsync(context, state));
        api.MapPost("/generate", context => GenerateEndpoint.HandleAsync(context, state));
    }

    /// <returns>The caller's account, or null after answering 401/403.</returns>
    public static async Task<Account?> AuthenticateAsync(HttpContext context, EmulatorState state)
    {
        var key = BearerKey.From(context.Request);
        var account = key is not null && key.StartsWith("nb_", StringComparison.Ordinal) ? state.GetAccount(key) : null;
        if (account is null)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid or missing API key");
            return null;
        }

        if (!account.ApiAccess)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status403Forbidden, "API access is not enabled for this account");
            return null;
        }

        return account;
    }

    private static async Task GetCreditsAsync(HttpContext context, EmulatorState state)
    {
        if (await AuthenticateAsync(context, state) is { } account)
        {
            await EmulatorJson.WriteAsync(context, StatusCodes.Status200OK, new DataEnvelope<CreditsData>(new(account.Credits)));
        }
    }

    private static async Task GetGenerationAsync(HttpContext context, EmulatorState state)
    {
        if (await AuthenticateAsync(context, state) is not { } account)
        {
            return;
        }

        var id = context.Request.Query["id"].ToString();
        if (string.IsNullOrWhiteSpace(id))
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Missing id parameter");
            return;
        }

        if (state.GetGeneration(id) is not { } generation || generation.Key != account.Key)
        {
            await EmulatorJson.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Generation not found");
            return;
        }

        await EmulatorJson.WriteAsync(
            context, StatusCodes.Status200OK, new DataEnvelope<GenerationData>(GenerationData.From(generation, context.Request)));
    }
}
