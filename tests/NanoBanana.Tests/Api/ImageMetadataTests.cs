using System.Buffers.Binary;
using System.Text;
using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

/// <summary>The provenance record: XMP text, PNG and JPEG blocks, where they go, the sidecar, and reading headers.</summary>
public sealed class ImageMetadataTests : IDisposable
{
    private const string HardPrompt = "a 🦊 «fox» 雪 <b>bold</b> & \"quotes\" 'single' &amp; ]]> \r\nline\n\tend ";

    private static readonly ImageProvenance Record = new()
    {
        Prompt = HardPrompt,
        Model = "nanobanan2&pro",
        GenerationId = "cmo2xv1me0gq0l4jwvwvwpnqd",
        AspectRatio = "16:9",
        CreatedAt = new DateTimeOffset(2026, 12, 2, 16, 0, 1, 234, TimeSpan.FromHours(1)),
        CreditsUsed = 3,
        ReferenceImages = ["https://example.com/a.png", "cat <1>.jpg", "data:image/png (12 bytes)"],
        ImageIndex = 2,
        SourceUrl = "https://cdn.example/png/1.png",
        CreatedBy = "NanoBanana 0.1.0",
    };

    private readonly string folder = Directory.CreateTempSubdirectory("nb-metadata-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void An_xmp_packet_gives_back_every_field_exactly()
    {
        var packet = XmpPacket.Build(Record);

        var read = XmpPacket.Parse(packet)!;

        Assert.Equal(Record with { ReferenceImages = null }, read with { ReferenceImages = null });
        Assert.Equal(Record.ReferenceImages, read.ReferenceImages);
        Assert.Contains("<rdf:li xml:lang=\"x-default\">", packet, StringComparison.Ordinal);
        Assert.Contains("<xmp:CreatorTool>NanoBanana 0.1.0</xmp:CreatorTool>", packet, StringComparison.Ordinal);
    }

    [Fact]
    public void Characters_xml_cannot_carry_become_the_replacement_character()
    {
        var read = XmpPacket.Parse(XmpPacket.Build(new ImageProvenance { Prompt = "a\u0001b\ud800c\uffffd" }))!;

        Assert.Equal("a\ufffdb\ufffdc\ufffdd", read.Prompt);
    }

    [Fact]
    public void A_packet_rewritten_with_attributes_is_read_too()
    {
        var packet = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
            + $"<rdf:Description xmlns:nb='{XmpPacket.Namespace}' nb:Prompt='a &lt;fox&gt;' nb:CreditsUsed='2'/>"
            + "</rdf:RDF></x:xmpmeta>";

        var read = XmpPacket.Parse(packet)!;

        Assert.Equal("a <fox>", read.Prompt);
        Assert.Equal(2, read.CreditsUsed);
    }

    [Theory]
    [InlineData("not xml at all <")]
    [InlineData("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>")]
    public void A_packet_without_the_modules_record_gives_none(string packet) => Assert.Null(XmpPacket.Parse(packet));

    [Fact]
    public void The_png_chunk_is_itxt_with_the_xmp_keyword_and_a_correct_crc()
    {
        var chunk = MetadataBlock.PngChunk("<x/>");

        var length = BinaryPrimitives.ReadInt32BigEndian(chunk);
        Assert.Equal(chunk.Length - 12, length);
        Assert.Equal("iTXt", Encoding.ASCII.GetString(chunk, 4, 4));
        Assert.Equal("XML:com.adobe.xmp\0\0\0\0\0<x/>", Encoding.ASCII.GetString(chunk, 8, length));
        Assert.Equal(Crc32.Compute(chunk.AsSpan(4, 4 + length)), BinaryPrimitives.ReadUInt32BigEndian(chunk.AsSpan(8 + length)));
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
    }

    [Fact]
    public void The_jpeg_segment_is_app1_with_the_xmp_name_up_to_the_64_kb_limit()
    {
        var fits = MetadataBlock.JpegSegment(new string('a', MetadataBlock.JpegMaxPacket))!;

        Assert.Equal(new byte[] { 0xFF, 0xE1, 0xFF, 0xFF }, fits[..4]);
        Assert.Equal("http://ns.adobe.com/xap/1.0/\0", Encoding.ASCII.GetString(fits, 4, 29));
        Assert.Null(MetadataBlock.JpegSegment(new string('a', MetadataBlock.JpegMaxPacket + 1)));
        Assert.Null(MetadataBlock.JpegSegment(new string('é', (MetadataBlock.JpegMaxPacket / 2) + 1)));
        Assert.Null(MetadataBlock.For(".webp", "<x/>"));
        Assert.Null(MetadataBlock.For(".gif", "<x/>"));
    }

    [Fact]
    public void The_block_goes_after_the_png_header_or_after_the_jpeg_app0_segments()
    {
        var png = Png(40, 24);
        Assert.Equal(MetadataBlock.NeedMore, MetadataBlock.InsertionPoint(png.AsSpan(0, 32), ".png"));
        Assert.Equal(33, MetadataBlock.InsertionPoint(png, ".png"));
        png[12] = (byte)'X';
        Assert.Equal(MetadataBlock.Unsupported, MetadataBlock.InsertionPoint(png, ".png"));

        var jpeg = Jpeg(app0Count: 2);
        Assert.Equal(2 + 18 + 18, MetadataBlock.InsertionPoint(jpeg, ".jpg"));
        Assert.Equal(MetadataBlock.NeedMore, MetadataBlock.InsertionPoint(jpeg.AsSpan(0, 22), ".jpg"));
        Assert.Equal(2, MetadataBlock.InsertionPoint(Jpeg(app0Count: 0), ".jpg"));
        Assert.Equal(MetadataBlock.Unsupported, MetadataBlock.InsertionPoint(jpeg, ".webp"));
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    public async Task The_splice_streams_the_file_unchanged_around_the_block_even_read_a_byte_at_a_time(string extension)
    {
        var original = extension == ".png" ? Png(40, 24) : Jpeg(app0Count: 2);
        var block = new byte[] { 1, 2, 3 };
        using var source = new MemoryStream(original);
        using var target = new MemoryStream();
        var buffer = new byte[4096];
        var head = source.Read(buffer, 0, 12);

        var (buffered, written, embedded) = await MetadataSplice.WriteStartAsync(
            target, buffer, head, extension, block, at => source.ReadAsync(buffer, at, 1), default);
        target.Write(buffer, written, buffered - written);
        source.CopyTo(target);

        Assert.True(embedded);
        var point = MetadataBlock.InsertionPoint(original, extension);
        Assert.Equal([.. original[..point], .. block, .. original[point..]], target.ToArray());
    }

    [Fact]
    public async Task A_body_that_ends_before_the_insertion_point_is_written_without_the_block()
    {
        using var target = new MemoryStream();
        var buffer = new byte[64];
        var png = Png(1, 1);
        png.AsSpan(0, 20).CopyTo(buffer);

        var (buffered, written, embedded) = await MetadataSplice.WriteStartAsync(
            target, buffer, 20, ".png", [1], _ => Task.FromResult(0), default);

        Assert.False(embedded);
        Assert.Equal((20, 0), (buffered, written));
        Assert.Equal(0, target.Length);
    }

    [Fact]
    public void The_sidecar_gives_back_every_field_and_ignores_json_that_is_not_its_own()
    {
        var image = Path.Combine(folder, "x.webp");
        using (var file = File.Create(ProvenanceSidecar.PathFor(image)))
        {
            ProvenanceSidecar.Write(file, Record);
        }

        var read = ProvenanceSidecar.TryRead(image)!;
        Assert.Equal(Record with { ReferenceImages = null }, read with { ReferenceImages = null });
        Assert.Equal(Record.ReferenceImages, read.ReferenceImages);
        Assert.Contains("\"creditsUsed\": 3", File.ReadAllText(image + ".json"), StringComparison.Ordinal);

        File.WriteAllText(image + ".json", "{\"prompt\": \"someone else's\"}");
        Assert.Null(ProvenanceSidecar.TryRead(image));
        File.WriteAllText(image + ".json", "[1, 2");
        Assert.Null(ProvenanceSidecar.TryRead(image));
    }

    [Theory]
    [InlineData("png", "PNG", 40, 24)]
    [InlineData("jpeg", "JPEG", 640, 480)]
    [InlineData("gif", "GIF", 300, 2)]
    [InlineData("vp8", "WebP", 48, 32)]
    [InlineData("vp8l", "WebP", 1000, 16383)]
    [InlineData("vp8x", "WebP", 5000, 70000)]
    public void The_header_gives_format_and_size(string kind, string format, int width, int height)
    {
        var path = Write(kind switch
        {
            "png" => Png(width, height),
            "jpeg" => Jpeg(2, width, height),
            "gif" => [.. "GIF89a"u8, (byte)width, (byte)(width >> 8), (byte)height, 0, 0, 0, 0],
            _ => WebP(kind, width, height),
        });

        var info = ImageInfoReader.Read(path);

        Assert.Equal((format, width, height), (info.Format, info.Width, info.Height));
        Assert.Equal(new FileInfo(path).Length, info.Length);
        Assert.Null(info.Prompt);
    }

    [Fact]
    public void An_embedded_record_is_read_from_a_png_and_a_jpeg()
    {
        var block = MetadataBlock.PngChunk(XmpPacket.Build(Record));
        var png = Png(40, 24);
        var jpeg = Jpeg(1, 10, 20);
        var jpegBlock = MetadataBlock.JpegSegment(XmpPacket.Build(Record))!;

        var fromPng = ImageInfoReader.Read(Write([.. png[..33], .. block, .. png[33..]]));
        var fromJpeg = ImageInfoReader.Read(Write([.. jpeg[..20], .. jpegBlock, .. jpeg[20..]]));

        foreach (var info in new[] { fromPng, fromJpeg })
        {
            Assert.Equal(HardPrompt, info.Prompt);
            Assert.Equal(Record.CreatedAt, info.CreatedAt);
            Assert.Equal(Record.ReferenceImages, info.ReferenceImages);
            Assert.Equal("NanoBanana 0.1.0", info.CreatedBy);
        }

        Assert.Equal((10, 20), (fromJpeg.Width, fromJpeg.Height));
    }

    [Theory]
    [InlineData("just some text")]
    [InlineData("")]
    public void A_file_that_is_no_image_is_an_invalid_request_naming_it(string text)
    {
        var path = Write(Encoding.UTF8.GetBytes(text));

        var e = Assert.Throws<NbApiException>(() => ImageInfoReader.Read(path));

        Assert.Equal(NbErrorKind.InvalidRequest, e.Kind);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a PNG, JPEG, WebP or GIF image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_or_damaged_header_is_an_invalid_request()
    {
        var png = Png(40, 24);
        var jpeg = Jpeg(1, 10, 20);
        jpeg[2] = 0x00;

        foreach (var bytes in new[] { png[..20], jpeg, "GIF89a\x01"u8.ToArray(), "RIFF\0\0\0\0WEBPABCD\0\0\0\0abcdefghij"u8.ToArray() })
        {
            var e = Assert.Throws<NbApiException>(() => ImageInfoReader.Read(Write(bytes)));
            Assert.Equal(NbErrorKind.InvalidRequest, e.Kind);
        }

        var missing = Assert.Throws<NbApiException>(() => ImageInfoReader.Read(Path.Combine(folder, "none.png")));
        Assert.Equal(NbErrorKind.InvalidRequest, missing.Kind);
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Signature, IHDR, an IDAT with a few bytes, IEND: enough for everything but decoding.</summary>
    private static byte[] Png(int width, int height)
    {
        var bytes = new List<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(bytes, "IHDR", header);
        Chunk(bytes, "IDAT", [1, 2, 3, 4, 5]);
        Chunk(bytes, "IEND", []);
        return [.. bytes];
    }

    private static void Chunk(List<byte> png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, 4 + data.Length)));
        png.AddRange(chunk);
    }

    /// <summary>SOI, APP0 segments of 18 bytes, a DQT, SOF0 with the size, SOS, scan bytes, EOI.</summary>
    private static byte[] Jpeg(int app0Count, int width = 8, int height = 8)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        for (var i = 0; i < app0Count; i++)
        {
            bytes.AddRange([0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        }

        bytes.AddRange([0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x0B, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);
        bytes.AddRange([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9]);
        return [.. bytes];
    }

    private static byte[] WebP(string kind, int width, int height) =>
        [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. WebPChunk(kind, width, height)];

    private static byte[] WebPChunk(string kind, int width, int height) =>
        kind switch
        {
            "vp8" => [.. "VP8 "u8, 10, 0, 0, 0, 0x90, 0x05, 0x00, 0x9D, 0x01, 0x2A, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8)],
            "vp8l" => VP8L(width, height),
            _ => [.. "VP8X"u8, 10, 0, 0, 0, 0, 0, 0, 0, (byte)(width - 1), (byte)((width - 1) >> 8), (byte)((width - 1) >> 16),
                (byte)(height - 1), (byte)((height - 1) >> 8), (byte)((height - 1) >> 16)],
        };

    private static byte[] VP8L(int width, int height)
    {
        var bits = (uint)(width - 1) | ((uint)(height - 1) << 14);
        return [.. "VP8L"u8, 10, 0, 0, 0, 0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0, 0, 0, 0, 0];
    }
}
