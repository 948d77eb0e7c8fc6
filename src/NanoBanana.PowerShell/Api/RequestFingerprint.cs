using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace NanoBanana.Api;

/// <summary>
/// What makes two requests of a batch the same request: prompt, model, aspect ratio, mode and references (URLs as
/// they are, data: URLs and files by a hash of their content, files also by name and size), hashed into a short
/// text. A journal finds a request again by it; it reveals nothing of the references' content.
/// </summary>
internal static class RequestFingerprint
{
    public static string Of(GenerationRequest request)
    {
        var parts = new[] { request.Prompt, request.Model ?? "", request.AspectRatio ?? "", request.Mode.ToString() }
            .Concat(request.ReferenceImages.Select(r => r.Identity()));
        var text = string.Join("\n", parts.Select(p => $"{p.Length}:{p}"));
        return Hash(Encoding.UTF8.GetBytes(text)).Substring(0, 32);
    }

    /// <summary>The SHA-256 of the bytes in lowercase hex.</summary>
    public static string Hash(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return Hex(sha.ComputeHash(bytes));
    }

    public static string Hex(byte[] hash) => BitConverter.ToString(hash).Replace("-", "").ToLowerInvariant();
}
