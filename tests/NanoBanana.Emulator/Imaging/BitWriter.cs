namespace NanoBanana.Emulator.Imaging;

/// <summary>Writes JPEG entropy-coded bits most significant first, stuffing a zero byte after every 0xFF.</summary>
internal sealed class BitWriter(Stream output)
{
    private uint buffer;
    private int count;

    public void Write(int bits, int length)
    {
        buffer = (buffer << length) | ((uint)bits & ((1u << length) - 1));
        count += length;
        while (count >= 8)
        {
            var b = (byte)(buffer >> (count - 8));
            output.WriteByte(b);
            if (b == 0xFF)
            {
                output.WriteByte(0);
            }

            count -= 8;
        }
    }

    public void PadToByte()
    {
        if (count > 0)
        {
            Write(0x7F, 8 - count);
        }
    }
}
