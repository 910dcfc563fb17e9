using System.Security.Cryptography;
using System.Text;

namespace LocalKernel.Rag;

/// <summary>
/// The standard security handler (7.6.3; AES-256 from ISO 32000-2) for files that open with the empty user password,
/// the common "owner password only" protection every viewer reads: RC4 40–128 bit (R2–R4), AES-128 (AESV2) and AES-256
/// (R5, R6). Files that need a user password, or use another handler, are reported as encrypted.
/// </summary>
internal sealed class PdfDecryptor
{
    private static readonly byte[] Padding =
    [
        0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
        0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
    ];

    private readonly byte[] _key;
    private readonly Cipher _streamCipher;
    private readonly Cipher _stringCipher;
    private readonly bool _aes256;

    private PdfDecryptor(byte[] key, Cipher streamCipher, Cipher stringCipher, bool aes256, bool encryptMetadata)
    {
        _key = key;
        _streamCipher = streamCipher;
        _stringCipher = stringCipher;
        _aes256 = aes256;
        EncryptMetadata = encryptMetadata;
    }

    private enum Cipher
    {
        None,
        Rc4,
        Aes,
    }

    public bool EncryptMetadata { get; }

    /// <summary>The decryptor for the empty user password.</summary>
    /// <exception cref="DocumentExtractionException">A password is needed, or the handler is not the standard one (Encrypted).</exception>
    public static PdfDecryptor Create(PdfDictionary encrypt, byte[] firstId)
    {
        string filter = (encrypt.Get("Filter") as PdfName)?.Value ?? string.Empty;
        int v = (int)(encrypt.Get("V") as double? ?? 0);
        int r = (int)(encrypt.Get("R") as double? ?? 0);
        if (filter != "Standard" || encrypt.Get("O") is not PdfString o || encrypt.Get("U") is not PdfString u)
        {
            throw Refused($"uses the security handler /{filter}, which is not supported");
        }

        bool encryptMetadata = encrypt.Get("EncryptMetadata") is not false;
        Cipher streamCipher = Cipher.Rc4, stringCipher = Cipher.Rc4;
        if (v >= 4)
        {
            streamCipher = CryptFilterCipher(encrypt, (encrypt.Get("StmF") as PdfName)?.Value);
            stringCipher = CryptFilterCipher(encrypt, (encrypt.Get("StrF") as PdfName)?.Value);
        }

        if (r is 5 or 6)
        {
            var key = Aes256Key(r, u.Bytes, (encrypt.Get("UE") as PdfString)?.Bytes) ?? throw Refused("needs a password to open");
            return new PdfDecryptor(key, streamCipher, stringCipher, aes256: true, encryptMetadata);
        }

        if (r is < 2 or > 4)
        {
            throw Refused($"uses revision {r} of the standard security handler, which is not supported");
        }

        int length = v == 1 ? 5 : (int)(encrypt.Get("Length") as double? ?? 40) / 8;
        length = Math.Clamp(length, 5, 16);
        int permissions = (int)(encrypt.Get("P") as double? ?? 0);
        var fileKey = Rc4FileKey(r, length, o.Bytes, permissions, firstId, encryptMetadata);
        if (!UserPasswordMatches(r, fileKey, u.Bytes, firstId))
        {
            throw Refused("needs a password to open");
        }

        return new PdfDecryptor(fileKey, streamCipher, stringCipher, aes256: false, encryptMetadata);
    }

    public byte[] DecryptStream(ReadOnlySpan<byte> data, PdfRef reference) => Decrypt(data, reference, _streamCipher);

    public byte[] DecryptString(ReadOnlySpan<byte> data, PdfRef reference) => Decrypt(data, reference, _stringCipher);

    private byte[] Decrypt(ReadOnlySpan<byte> data, PdfRef reference, Cipher cipher)
    {
        if (cipher == Cipher.None)
        {
            return data.ToArray();
        }

        var key = _aes256 ? _key : ObjectKey(reference, cipher == Cipher.Aes);
        if (cipher == Cipher.Rc4)
        {
            return Rc4(key, data);
        }

        // AES-CBC: the first 16 bytes are the IV; damaged padding loses only this object.
        if (data.Length < 32 || data.Length % 16 != 0)
        {
            return [];
        }

        using var aes = Aes.Create();
        aes.Key = key;
        try
        {
            return aes.DecryptCbc(data[16..], data[..16], PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return aes.DecryptCbc(data[16..], data[..16], PaddingMode.None);
        }
    }

    private byte[] ObjectKey(PdfRef reference, bool aes)
    {
        // Algorithm 1: the file key extended by the object number and generation (and "sAlT" for AES).
        var input = new byte[_key.Length + 5 + (aes ? 4 : 0)];
        _key.CopyTo(input, 0);
        int n = _key.Length;
        input[n] = (byte)reference.Number;
        input[n + 1] = (byte)(reference.Number >> 8);
        input[n + 2] = (byte)(reference.Number >> 16);
        input[n + 3] = (byte)reference.Generation;
        input[n + 4] = (byte)(reference.Generation >> 8);
        if (aes)
        {
            "sAlT"u8.CopyTo(input.AsSpan(n + 5));
        }

        return MD5.HashData(input)[..Math.Min(_key.Length + 5, 16)];
    }

    private static Cipher CryptFilterCipher(PdfDictionary encrypt, string? name)
    {
        if (name is null or "Identity")
        {
            return Cipher.None;
        }

        string? method = ((encrypt.Get("CF") as PdfDictionary)?.Get(name) as PdfDictionary)?.Get("CFM") is PdfName cfm ? cfm.Value : null;
        return method switch
        {
            "V2" => Cipher.Rc4,
            "AESV2" or "AESV3" => Cipher.Aes,
            "None" => Cipher.None,
            _ => throw Refused($"uses the crypt filter method {method ?? "(none)"}, which is not supported"),
        };
    }

    private static byte[] Rc4FileKey(int r, int length, byte[] owner, int permissions, byte[] firstId, bool encryptMetadata)
    {
        // Algorithm 2 with the empty user password (which pads to exactly the padding string).
        var input = new List<byte>(Padding);
        input.AddRange(owner.Take(32));
        input.AddRange(BitConverter.GetBytes(permissions).Take(4)); // little-endian on every platform .NET runs on
        input.AddRange(firstId);
        if (r >= 4 && !encryptMetadata)
        {
            input.AddRange([0xFF, 0xFF, 0xFF, 0xFF]);
        }

        var hash = MD5.HashData(input.ToArray());
        if (r >= 3)
        {
            for (int i = 0; i < 50; i++)
            {
                hash = MD5.HashData(hash.AsSpan(0, length));
            }
        }

        return hash[..length];
    }

    private static bool UserPasswordMatches(int r, byte[] key, byte[] u, byte[] firstId)
    {
        if (r == 2)
        {
            return Rc4(key, Padding).AsSpan().SequenceEqual(u.AsSpan(0, Math.Min(32, u.Length)));
        }

        // Algorithm 5: MD5(padding + ID), encrypted 20 times with the key XOR i; the first 16 bytes must match.
        var value = Rc4(key, MD5.HashData([.. Padding, .. firstId]));
        for (int i = 1; i <= 19; i++)
        {
            var roundKey = key.Select(b => (byte)(b ^ i)).ToArray();
            value = Rc4(roundKey, value);
        }

        return u.Length >= 16 && value.AsSpan(0, 16).SequenceEqual(u.AsSpan(0, 16));
    }

    private static byte[]? Aes256Key(int r, byte[] u, byte[]? ue)
    {
        if (u.Length < 48 || ue is not { Length: >= 32 })
        {
            return null;
        }

        byte[] password = [];
        var validationSalt = u.AsSpan(32, 8).ToArray();
        var keySalt = u.AsSpan(40, 8).ToArray();
        if (!Hash(r, password, validationSalt).AsSpan().SequenceEqual(u.AsSpan(0, 32)))
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = Hash(r, password, keySalt);
        return aes.DecryptCbc(ue.AsSpan(0, 32), new byte[16], PaddingMode.None);
    }

    /// <summary>R5: SHA-256(password + salt). R6: Algorithm 2.B, rounds of SHA-256/384/512 over AES-128 encryptions.</summary>
    private static byte[] Hash(int r, byte[] password, byte[] salt)
    {
        var k = SHA256.HashData([.. password, .. salt]);
        if (r == 5)
        {
            return k;
        }

        using var aes = Aes.Create();
        for (int round = 0; ; round++)
        {
            var block = new byte[(password.Length + k.Length) * 64];
            for (int i = 0; i < 64; i++)
            {
                password.CopyTo(block, i * (password.Length + k.Length));
                k.CopyTo(block, (i * (password.Length + k.Length)) + password.Length);
            }

            aes.Key = k[..16];
            var e = aes.EncryptCbc(block, k.AsSpan(16, 16), PaddingMode.None);
            int mod = 0;
            for (int i = 0; i < 16; i++)
            {
                mod += e[i];
            }

            k = (mod % 3) switch
            {
                0 => SHA256.HashData(e),
                1 => SHA384.HashData(e),
                _ => SHA512.HashData(e),
            };
            if (round >= 63 && e[^1] <= round - 31)
            {
                return k[..32];
            }
        }
    }

    private static byte[] Rc4(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        Span<byte> s = stackalloc byte[256];
        for (int i = 0; i < 256; i++)
        {
            s[i] = (byte)i;
        }

        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + s[i] + key[i % key.Length]) & 0xFF;
            (s[i], s[j]) = (s[j], s[i]);
        }

        var output = new byte[data.Length];
        for (int k = 0, i = 0, j = 0; k < data.Length; k++)
        {
            i = (i + 1) & 0xFF;
            j = (j + s[i]) & 0xFF;
            (s[i], s[j]) = (s[j], s[i]);
            output[k] = (byte)(data[k] ^ s[(s[i] + s[j]) & 0xFF]);
        }

        return output;
    }

    private static DocumentExtractionException Refused(string why) =>
        new(ExtractionFailure.Encrypted, $"The PDF is encrypted and {why}; decrypt it (e.g. qpdf --decrypt) to index it.");
}
