using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stt.Server.Tests.Support;

/// <summary>
/// A self-signed certificate for 127.0.0.1 and localhost, made for one test run: a PKCS#12 file for Kestrel and the
/// PEM a client trusts (Node.js: <c>NODE_EXTRA_CA_CERTS</c>).
/// </summary>
public sealed class TestCertificate
{
    private static readonly Lazy<TestCertificate> Shared = new(Create);

    private TestCertificate(string pfxPath, string password, string pemPath)
    {
        PfxPath = pfxPath;
        Password = password;
        PemPath = pemPath;
    }

    /// <summary>One certificate for the whole run.</summary>
    public static TestCertificate Loopback => Shared.Value;

    public string PfxPath { get; }

    public string Password { get; }

    public string PemPath { get; }

    /// <summary>Settings for an HTTPS endpoint (<c>Kestrel:Endpoints:WebTls</c>, HTTP/1.1) with this certificate, on a free port.</summary>
    public IDictionary<string, string?> KestrelSettings() => new Dictionary<string, string?>
    {
        ["Kestrel:Endpoints:WebTls:Url"] = "https://127.0.0.1:0",
        ["Kestrel:Endpoints:WebTls:Protocols"] = "Http1",
        ["Kestrel:Endpoints:WebTls:Certificate:Path"] = PfxPath,
        ["Kestrel:Endpoints:WebTls:Certificate:Password"] = Password,
    };

    private static TestCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=stt test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        var folder = Path.Combine(Path.GetTempPath(), $"stt-tls-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var pfx = Path.Combine(folder, "server.pfx");
        var pem = Path.Combine(folder, "server.pem");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, password));
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        return new TestCertificate(pfx, password, pem);
    }
}
