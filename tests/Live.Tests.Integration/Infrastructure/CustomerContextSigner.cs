using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>Signs customer-context tokens as a shop's backend would (written from the format in docs/api.md, not from the gateway's code).</summary>
public static class CustomerContextSigner
{
    public static string Sign(string json, string key)
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(payload));
        return $"{payload}.{Base64Url.EncodeToString(signature)}";
    }
}
