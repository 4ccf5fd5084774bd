package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subsequent offers that restart ICE (RFC 8445 §9, RFC 8829 §5.2.1/§5.3.1) and the refusal of other changes. */
class IceRestartTest {
    static final Candidate NEW_CAND = new Candidate("2", 1, "udp", 2130706431L, "127.0.0.1", 41000,
            "host", null, null, java.util.Map.of());

    static LocalCapabilities.Builder bob(String ufrag, String pwd) {
        return LocalCapabilities.builder(ufrag, pwd, Fingerprint.of("sha-384", new byte[48]))
                .videoCodecs(List.of(CodecCapability.h264("42e01f", 1), CodecCapability.vp8()))
                .answerSetup(Setup.PASSIVE).addStream(new LocalStream("audio", 4444, null, "bob", "sb", "ab"));
    }

    private final SessionDescription offer;
    private final SessionDescription answer;

    IceRestartTest() throws Exception {
        offer = SessionDescription.parse(OfferAnswer.createOffer(AnswerTest.caps().build()).write());
        answer = SessionDescription.parse(OfferAnswer.createAnswer(offer, bob("bobu", "bobpasswordbobpassword00").build()).write());
    }

    @Test
    void offererReofferKeepsTheMediaAndChangesOnlyIce() throws Exception {
        List<NegotiatedMedia> before = OfferAnswer.applyAnswer(offer, answer);
        assertTrue(before.get(0).dtlsClient());
        SessionDescription re = IceRestart.reoffer(offer, "nufr", "newpasswordnewpassword00", List.of(NEW_CAND), true,
                Setup.ACTIVE, 7);
        assertEquals(re, SessionDescription.parse(re.write()), "round trip");
        assertEquals("7", re.origin().sessionVersion());
        assertEquals(offer.origin().sessionId(), re.origin().sessionId());
        assertEquals(offer.bundleGroup(), re.bundleGroup());
        assertEquals(offer.media().size(), re.media().size());
        for (int i = 0; i < re.media().size(); i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription r = re.media().get(i);
            assertEquals(o.mid(), r.mid());
            assertEquals(o.formats(), r.formats());
            assertEquals(o.rtpMaps(), r.rtpMaps());
            assertEquals(o.ssrcs(), r.ssrcs());
            assertEquals(o.extmaps(), r.extmaps());
            assertEquals(offer.fingerprintsOf(o), re.fingerprintsOf(r));
            assertEquals("nufr", re.iceUfragOf(r));
            assertEquals("newpasswordnewpassword00", re.icePwdOf(r));
            assertEquals(Setup.ACTIVE, re.setupOf(r), "RFC 8842 §5.5: the current role, not actpass");
        }
        assertEquals(List.of(NEW_CAND), re.media().get(0).candidates(), "the BUNDLE tag carries the candidates");
        assertEquals(41000, re.media().get(0).port());
        assertTrue(re.media().get(1).candidates().isEmpty());
        // Bob sees an ICE restart and answers with new credentials, keeping his (server) role.
        assertTrue(IceRestart.checkReoffer(offer, re));
        SessionDescription reAnswer = SessionDescription.parse(OfferAnswer.createAnswer(re,
                bob("bob2", "bobpasswordbobpassword22").build()).write());
        List<NegotiatedMedia> after = OfferAnswer.applyAnswer(re, reAnswer);
        List<NegotiatedMedia> bobAfter = OfferAnswer.negotiatedAsAnswerer(re, reAnswer);
        for (int i = 0; i < after.size(); i++) {
            assertEquals(before.get(i).payloadTypes(), after.get(i).payloadTypes());
            assertEquals(before.get(i).rtxPayloadTypes(), after.get(i).rtxPayloadTypes());
            assertEquals(before.get(i).extensions(), after.get(i).extensions());
            assertEquals(before.get(i).remoteSsrcs(), after.get(i).remoteSsrcs());
            assertTrue(after.get(i).dtlsClient(), "still the DTLS client");
            assertFalse(bobAfter.get(i).dtlsClient());
            assertEquals("bob2", after.get(i).remoteIceUfrag());
            assertEquals("nufr", bobAfter.get(i).remoteIceUfrag());
        }
        assertEquals(List.of(NEW_CAND), bobAfter.get(2).remoteCandidates());
    }

    @Test
    void answererReofferIsAnsweredWithTheCurrentRole() throws Exception {
        // Bob answered (passive: he is the DTLS server) and now restarts ICE himself.
        SessionDescription re = IceRestart.reoffer(answer, "bob3", "bobpasswordbobpassword33", List.of(), false,
                Setup.PASSIVE, 3);
        assertEquals(re, SessionDescription.parse(re.write()));
        assertTrue(IceRestart.checkReoffer(answer, re), "alice compares against bob's answer in place");
        // Alice answers with new credentials and, to passive, active: she stays the client.
        SessionDescription reAnswer = OfferAnswer.createAnswer(re, AnswerTest.caps().build());
        List<NegotiatedMedia> alice = OfferAnswer.negotiatedAsAnswerer(re, reAnswer);
        List<NegotiatedMedia> before = OfferAnswer.applyAnswer(offer, answer);
        for (int i = 0; i < alice.size(); i++) {
            assertTrue(alice.get(i).dtlsClient());
            assertEquals(before.get(i).payloadTypes().keySet(), alice.get(i).payloadTypes().keySet(), "mid " + i);
            assertEquals("bob3", alice.get(i).remoteIceUfrag());
        }
    }

    @Test
    void unchangedCredentialsAreNoRestart() throws Exception {
        SessionDescription same = IceRestart.reoffer(answer, "bobu", "bobpasswordbobpassword00", List.of(), false,
                Setup.PASSIVE, 3);
        assertFalse(IceRestart.checkReoffer(answer, same));
        SessionDescription pwdOnly = IceRestart.reoffer(answer, "bobu", "bobpasswordbobpassword01", List.of(), false,
                Setup.PASSIVE, 3);
        assertTrue(IceRestart.checkReoffer(answer, pwdOnly), "a new password alone restarts ICE");
    }

    @Test
    void otherChangesAreRefused() throws Exception {
        SessionDescription re = IceRestart.reoffer(answer, "bob3", "bobpasswordbobpassword33", List.of(), false,
                Setup.PASSIVE, 3);
        List<MediaDescription> more = new ArrayList<>(re.media());
        more.add(re.media().get(0).toBuilder().mid("9").build());
        assertRefused(re.toBuilder().media(more).build(), "m-lines");
        assertRefused(withMedia(re, 1, re.media().get(1).toBuilder().mid("x").build()), "mid changed");
        assertRefused(withMedia(re, 1, re.media().get(1).toBuilder().kind("audio").build()), "kind changed");
        assertRefused(withMedia(re, 1, re.media().get(1).toBuilder().port(0).build()), "removed");
        assertRefused(withMedia(re, 2, re.media().get(2).toBuilder().proto("DTLS/SCTP").build()), "protocol");
        assertRefused(withMedia(re, 0, re.media().get(0).toBuilder()
                .fingerprints(List.of(Fingerprint.of("sha-256", new byte[32]))).build()), "fingerprint");
    }

    @Test
    void reofferNeedsTheCurrentRoleAndValidCredentials() {
        assertThrows(IllegalArgumentException.class, () -> IceRestart.reoffer(offer, "nufr", "newpasswordnewpassword00",
                List.of(), true, Setup.ACTPASS, 2));
        assertThrows(IllegalArgumentException.class, () -> IceRestart.reoffer(offer, "nu", "newpasswordnewpassword00",
                List.of(), true, Setup.ACTIVE, 2));
        assertThrows(IllegalArgumentException.class, () -> IceRestart.reoffer(offer, "nufr", "short",
                List.of(), true, Setup.ACTIVE, 2));
    }

    @Test
    void chromiumStyleRestartOfferIsRecognised() throws Exception {
        SessionDescription current = Samples.parse("chromium-156-offer.sdp");
        String text = current.write().replace("a=ice-ufrag:dJPf", "a=ice-ufrag:Zz9q");
        SessionDescription re = SessionDescription.parse(text);
        assertNotEquals(current, re);
        assertTrue(IceRestart.checkReoffer(current, re));
        assertFalse(IceRestart.checkReoffer(current, SessionDescription.parse(current.write())));
    }

    private void assertRefused(SessionDescription bad, String why) {
        SdpNegotiationException e = assertThrows(SdpNegotiationException.class, () -> IceRestart.checkReoffer(answer, bad));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static SessionDescription withMedia(SessionDescription d, int i, MediaDescription m) {
        List<MediaDescription> list = new ArrayList<>(d.media());
        list.set(i, m);
        return d.toBuilder().media(list).build();
    }
}
