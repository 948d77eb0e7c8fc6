using System.Collections.Generic;

namespace NanoBanana.Api;

internal sealed class ModelsResponse
{
    public List<ModelDto?>? Data { get; set; }
}
