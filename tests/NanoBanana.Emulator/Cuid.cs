using System.Security.Cryptography;

namespace NanoBanana.Emulator;

/// <summary>Collision-resistant ids in the cuid v1 layout the service uses: "c", time, counter, fingerprint, random.</summary>
internal static class Cuid
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static readonly string Fingerprint = Base36(Environment.ProcessId, 4);
    private static int counter = RandomNumberGenerator.GetInt32(36 * 36 * 36 * 36);

    public static string New()
    {
        var count = (uint)Interlocked.Increment(ref counter) % (36 * 36 * 36 * 36);
        return "c"
            + Base36(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 8)
            + Base36(count, 4)
            + Fingerprint
            + RandomNumberGenerator.GetString(Alphabet, 8);
    }

    private static string Base36(long value, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 36)];
            value /= 36;
        }

        return new string(chars);
    }
}
