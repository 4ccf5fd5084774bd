package org.ferryrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;

/**
 * BC's DTLS server with WebRTC's rules (RFC 8827 §6.5, RFC 5763 §5): DTLS 1.2 only (a client
 * offering 1.3 and 1.2 gets 1.2, without a downgrade marker since 1.2 is all we support),
 * ECDHE + AES-GCM suites for our certificate type, a mandatory client certificate checked
 * against the SDP fingerprint, extended master secret required (RFC 7627), and use_srtp.
 */
final class FerryDtlsServer extends DefaultTlsServer {
    private final PeerSupport support;

    FerryDtlsServer(PeerSupport support) {
        super(support.crypto);
        this.support = support;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        if (support.suitesForTests != null) {
            return support.suitesForTests.clone();
        }
        return (support.ecdsa() ? PeerSupport.ECDSA_SUITES : PeerSupport.RSA_SUITES).clone();
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, PeerSupport.certificateRequestAlgorithms(), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        support.verifyRemote(clientCertificate);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return support.ecdsa() ? support.signer(context) : super.getECDSASignerCredentials();
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return support.ecdsa() ? super.getRSASignerCredentials() : support.signer(context);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        support.selectProfile(clientExtensions);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        support.addSelectedUseSrtp(extensions);
        return extensions;
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return support.config.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return support.config.initialRetransmitMillis();
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        support.exportKeys(context);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        support.alertReceived(alertLevel, alertDescription);
    }
}
