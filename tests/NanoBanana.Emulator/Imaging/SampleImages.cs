namespace NanoBanana.Emulator.Imaging;

/// <summary>Small fixed images in the formats the emulator does not encode itself (48x32, made with ImageMagick).</summary>
internal static class SampleImages
{
    /// <summary>A lossy WebP (RIFF, one VP8 chunk).</summary>
    public static readonly byte[] WebP = Convert.FromBase64String(
        "UklGRoQAAABXRUJQVlA4IHgAAACQBQCdASowACAAPm0uk0Y1NKGhKrgMAqANiWgAeDfyD8SfxmrAP//tjAFFtg0KIjpfh6wSAAD+8rQ/l03Wi/+8ba47JH///fropOkR9nxsd37Ykl/lR+PxoZePstP2v59mZLn+EBvheG/+F4BkOU7HjXYw5V4AAAA=");

    /// <summary>A GIF89a.</summary>
    public static readonly byte[] Gif = Convert.FromBase64String(
        "R0lGODlhMAAgAPQAAACAAAiEABCIABmMACGQACmUADGZADqdAEKhAEqlAFKpAFqtAGOxAGu1AHO5AHu9AITCAIzGAJTKAJzOAKXSAK3WALXaAL3eAMXiAM7mANbrAN7vAObzAO/3APf7AP//ACH5BAAAAAAALAAAAAAwACAAAAX+4CeOZGmeaDp6bOu+cCzPbWffeK7vfH9zwKBwSCwaj8GNcslsOp/Q6FJDrVqv2Kx2W814v+CweEwufzHotHrNbrvf6Yt8Tq/b7/j83MLv+/+AgYKDfRWGh4iJiouMjYcU"
        + "kJGSk5SVlpeRE5qbnJ2en6ChmxKkpaanqKmqq6URrq+wsbKztLWvELi5uru8vb6/uQ/Cw8TFxsfIycMOzM3Oz9DR0tPNDdbX2Nna29zd1wzg4eLj5OXm5+EL6uvs7e7v8PHrCvT19vf4+fr79Qn+/wADChxIsOA/BAgTKlzIsKHDhwkPSJxIsaLFixgzTjTAsaPHjyBDihzZsYDJkyhBU6pcybLlSQIwY8qcSbOmzZsxB+jcybOnz59Ag+4UQLSo0aNIkypdWjSA06dQo0qdSrXqUwBYs2rdyrWr169ZQwAAOw==");
}
