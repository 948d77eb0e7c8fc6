namespace NanoBanana.Emulator.Imaging;

/// <summary>8-bit RGB pixels, row by row, 3 bytes per pixel.</summary>
internal sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    public int Stride => Width * 3;
}
