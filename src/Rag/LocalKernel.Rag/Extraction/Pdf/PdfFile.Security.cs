namespace LocalKernel.Rag;

/// <summary>Decryption of files that open with the empty user password.</summary>
internal sealed partial class PdfFile
{
    /// <summary>Files protected by an owner password only are read with the empty user password, as viewers do.</summary>
    /// <exception cref="DocumentExtractionException">A user password is needed, or the handler is unsupported (Encrypted).</exception>
    private void SetUpDecryption()
    {
        var encryptValue = Trailer.Get("Encrypt");
        if (encryptValue is null)
        {
            return;
        }

        if (encryptValue is PdfRef reference)
        {
            _encryptObjectNumber = reference.Number;
        }

        if (Resolve(encryptValue) is not PdfDictionary encrypt)
        {
            throw new DocumentExtractionException(ExtractionFailure.Encrypted, "The PDF is encrypted and its encryption dictionary is unreadable.");
        }

        var id = (Trailer.Get("ID") as PdfArray)?.FirstOrDefault() as PdfString;
        _decryptor = PdfDecryptor.Create(encrypt, id?.Bytes ?? []);

        // Objects read so far (the catalog) were read without decryption: read them again.
        _cache.Clear();
        _expandedObjectStreams.Clear();
        _cache[_encryptObjectNumber] = encrypt;
    }

    private bool NeedsDecryption(PdfStream stream, List<string> filters)
    {
        // Cross-reference streams are never encrypted; metadata may be left in clear; a Crypt filter decides itself.
        string? type = ResolveName(stream.Dictionary.Get("Type"));
        return type != "XRef" && !(type == "Metadata" && !_decryptor!.EncryptMetadata) && !filters.Contains("Crypt");
    }

    private object? DecryptStrings(object? value, PdfRef reference, int depth)
    {
        switch (value)
        {
            case PdfString s:
                return new PdfString(_decryptor!.DecryptString(s.Bytes, reference));
            case PdfArray array when depth < 64:
                for (int i = 0; i < array.Count; i++)
                {
                    array[i] = DecryptStrings(array[i], reference, depth + 1);
                }

                return array;
            case PdfDictionary dictionary when depth < 64:
                foreach (var key in dictionary.Keys.ToList())
                {
                    dictionary[key] = DecryptStrings(dictionary[key], reference, depth + 1);
                }

                return dictionary;
            default:
                return value;
        }
    }
}
