using System.Diagnostics;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Cli;

namespace Osprey.Interop.Tests.Security;

/// <summary>
/// The TLS port (PS3.15 Annex B, BCP 195 non-downgrading profile) against DCMTK built with OpenSSL and
/// against openssl s_client: echo, store and find over TLS; mutual authentication refusing clients
/// without a trusted certificate while a good client is served; TLS 1.0 and 1.1 refused.
/// </summary>
public sealed class TlsPortTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Echoscu_storescu_and_findscu_over_tls_echo_store_50_instances_intact_and_query()
    {
        var source = Directory.CreateTempSubdirectory("osprey-tls-ct-").FullName;
        try
        {
            var instances = SyntheticCt.Write(source, 50, studies: 2, rows: 128, columns: 128);
            await using var server = OspreyServer.WithTls(_certificates, requireClientCertificate: true);
            string port = server.TlsPort.ToString();

            var echo = Peer.Run("echoscu", ["-v", .. _certificates.Dcmtk(_certificates.Client), "-aec", "OSPREY", "127.0.0.1", port]);
            Assert.True(echo.ExitCode == 0, echo.ToString());
            Assert.Contains("Received Echo Response (Success)", echo.Output);

            var store = Storescu.Send(server.TlsPort, instances.Select(i => i.Path), extra: _certificates.Dcmtk(_certificates.Client));
            Assert.True(store.Result.ExitCode == 0, store.Result.ToString());
            Assert.Equal(50, store.Files.Values.Count(f => f.Succeeded));
            await StoredChecks.AssertStoredIntact(server.DataDirectory, instances);

            var study = instances[0].StudyInstanceUid;
            var find = Findscu.Query(server.TlsPort, "FINDSCU", "-S", ["QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study}", "SeriesInstanceUID", "NumberOfSeriesRelatedInstances"],
                null, Path.Combine(source, "find"), _certificates.Dcmtk(_certificates.Client));
            Assert.True(find.FinalStatus == 0 && find.Responses == 1, find.Result.ToString());
            Assert.Matches("tls=\"Tls1[23] TLS_[A-Z0-9_]+_GCM_SHA(256|384)\" calling=\"FINDSCU\"", server.Output);
            // The plain port serves the same archive beside it.
            var plain = Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", server.Port.ToString());
            Assert.True(plain.ExitCode == 0, plain.ToString());
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task With_client_certificates_required_no_certificate_and_another_CAs_fail_while_a_good_client_is_served()
    {
        var source = Directory.CreateTempSubdirectory("osprey-tls-ct-").FullName;
        try
        {
            var instances = SyntheticCt.Write(source, 200, studies: 1, rows: 512, columns: 512);
            await using var server = OspreyServer.WithTls(_certificates, requireClientCertificate: true);
            string port = server.TlsPort.ToString();

            // A good client sends 200 instances on one association while the bad ones try: they start
            // once its first instance is acknowledged.
            using var good = Storescu.Start(server.TlsPort, instances.Select(i => i.Path), ["-v", .. _certificates.Dcmtk(_certificates.Client)]);
            var goodLog = new System.Text.StringBuilder();
            var firstStored = new TaskCompletionSource();
            void Collect(object _, DataReceivedEventArgs e)
            {
                if (e.Data == null) return;
                lock (goodLog) goodLog.AppendLine(e.Data);
                if (e.Data.Contains("Received Store Response (Success)", StringComparison.Ordinal)) firstStored.TrySetResult();
            }
            good.OutputDataReceived += Collect;
            good.ErrorDataReceived += Collect;
            good.BeginOutputReadLine();
            good.BeginErrorReadLine();
            await firstStored.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var anonymous = Peer.Run("echoscu", ["-v", .. _certificates.Dcmtk(null), "-aec", "OSPREY", "127.0.0.1", port]);
            Assert.NotEqual(0, anonymous.ExitCode);
            Assert.DoesNotContain("Association Accepted", anonymous.Output);
            var foreign = Peer.Run("echoscu", ["-v", "+tls", _certificates.OtherClient.Key, _certificates.OtherClient.Certificate, "+cf", _certificates.CaCertificate,
                "-aec", "OSPREY", "127.0.0.1", port]);
            Assert.NotEqual(0, foreign.ExitCode);
            Assert.DoesNotContain("Association Accepted", foreign.Output);

            bool stillSending = !good.HasExited;
            Assert.True(good.WaitForExit(TimeSpan.FromMinutes(3)), "the good storescu did not finish");
            good.WaitForExit();
            string log;
            lock (goodLog) log = goodLog.ToString();
            Assert.True(good.ExitCode == 0, log);
            Assert.Equal(200, log.Split("Received Store Response (Success)").Length - 1);
            Assert.Equal(1, log.Split("Association Accepted").Length - 1);
            Assert.True(stillSending, "the good client had finished before the bad ones were refused; nothing shows they overlapped");
            Assert.Contains("tls handshake failed peer=127.0.0.1", server.Output);
            Assert.Contains("client: no certificate presented", server.Output);
            Assert.Contains("client: certificate not trusted", server.Output);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Theory]
    [InlineData("-tls1", false)]
    [InlineData("-tls1_1", false)]
    [InlineData("-tls1_2", true)]
    [InlineData("-tls1_3", true)]
    public async Task Openssl_s_client_connects_with_tls_1_2_and_1_3_only(string version, bool connects)
    {
        await using var server = OspreyServer.WithTls(_certificates);
        // OpenSSL 3 refuses TLS 1.0/1.1 itself at its default security level; level 0 lets it try, so a
        // refusal is the server's.
        var result = SClient(server.TlsPort, version, "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", _certificates.CaCertificate, "-verify_return_error");
        var protocol = version switch { "-tls1" => "TLSv1", "-tls1_1" => "TLSv1.1", "-tls1_2" => "TLSv1.2", _ => "TLSv1.3" };
        if (connects)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains($"New, {protocol}, Cipher is", result.Output);
            Assert.Contains("Verify return code: 0 (ok)", result.Output);
        }
        else
        {
            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("Cipher is (NONE)", result.Output);
            Assert.Contains("protocol version", result.Output); // the server's alert
            await server.WaitForLogLineAsync("tls handshake failed peer=127.0.0.1", "protocol version refused");
        }
    }

    [Fact]
    public async Task Osprey_echo_with_tls_reaches_the_tls_port_and_refuses_a_server_it_cannot_verify()
    {
        await using var server = OspreyServer.WithTls(_certificates, requireClientCertificate: true);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var tls = new Osprey.Network.Security.TlsClientOptions
        {
            ClientCertificate = Osprey.Network.Security.CertificateFiles.LoadIdentity(_certificates.Client.Certificate, _certificates.Client.Key, null),
            Trusted = Osprey.Network.Security.CertificateFiles.LoadBundle(_certificates.CaCertificate),
        };
        Assert.Equal(0, await EchoCommand.RunAsync("127.0.0.1", server.TlsPort, "ADMIN", "OSPREY", 10, stdout, stderr, tls: tls));
        Assert.Contains("over TLS: success", stdout.ToString());

        // The same client trusting only the other CA must refuse the server's certificate.
        stderr = new StringWriter();
        Assert.Equal(1, await EchoCommand.RunAsync("127.0.0.1", server.TlsPort, "ADMIN", "OSPREY", 10, new StringWriter(), stderr,
            tls: tls with { Trusted = Osprey.Network.Security.CertificateFiles.LoadBundle(_certificates.OtherCaCertificate) }));
        Assert.Contains("certificate not trusted", stderr.ToString());

        // The osprey program itself, as an administrator runs it.
        var program = OspreyProcess.Run("echo", "--tls", "--cert", _certificates.Client.Certificate, "--key", _certificates.Client.Key,
            "--ca", _certificates.CaCertificate, "--aec", "OSPREY", "127.0.0.1", server.TlsPort.ToString());
        Assert.True(program.ExitCode == 0, program.StandardError);
        Assert.Contains("over TLS: success", program.StandardOutput);
    }

    private static Peer.Result SClient(int port, params string[] options)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in (string[])["s_client", "-connect", $"127.0.0.1:{port}", .. options]) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        process.StandardInput.Close(); // s_client ends after the handshake when its input ends
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(true);
            throw new TimeoutException("openssl s_client did not finish");
        }
        return new Peer.Result(process.ExitCode, stdout.Result + stderr.Result);
    }
}
