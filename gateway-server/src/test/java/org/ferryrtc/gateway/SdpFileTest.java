package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.ferryrtc.gateway.call.MediaRedirects;
import org.ferryrtc.gateway.call.Redirect;
import org.ferryrtc.rtcp.PictureLossIndication;
import org.ferryrtc.rtcp.RtcpReader;
import org.junit.jupiter.api.Test;

/** The receiver SDP file built from a negotiated answer, and the PLI the gateway writes. */
class SdpFileTest {
    static final String ANSWER = String.join("\r\n",
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1 2",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 126", "c=IN IP4 0.0.0.0", "a=mid:0",
            "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:126 telephone-event/48000",
            "m=video 9 UDP/TLS/RTP/SAVPF 98 99", "c=IN IP4 0.0.0.0", "a=mid:1",
            "a=rtpmap:98 H264/90000", "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=rtpmap:99 rtx/90000", "a=fmtp:99 apt=98",
            "m=video 0 UDP/TLS/RTP/SAVPF 96", "a=mid:2", "a=rtpmap:96 VP8/90000",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:3", "");

    static Redirect at(int port) throws Exception {
        return new Redirect((Inet4Address) InetAddress.getByName("127.0.0.1"), port);
    }

    @Test
    void sectionsTakeTheFirstPayloadTypeOfEachLiveKind() {
        List<SdpFile.Section> s = SdpFile.sections(ANSWER);
        assertEquals(List.of(new SdpFile.Section("audio", 111, "opus/48000/2", "minptime=10;useinbandfec=1"),
                new SdpFile.Section("video", 98, "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")), s);
    }

    @Test
    void fileHasOneMLinePerRedirectedKindOnTheRedirectPorts() throws Exception {
        String f = SdpFile.forRedirects(ANSWER, new MediaRedirects(at(5004), at(5005), at(5006), null), "127.0.0.1");
        assertTrue(f.startsWith("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns="), f);
        assertTrue(f.contains("m=video 5004 RTP/AVP 98\r\nc=IN IP4 127.0.0.1\r\na=rtpmap:98 H264/90000\r\n"
                + "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\na=rtcp:5005 IN IP4 127.0.0.1\r\n"), f);
        assertTrue(f.contains("m=audio 5006 RTP/AVP 111\r\nc=IN IP4 127.0.0.1\r\na=rtpmap:111 opus/48000/2\r\n"), f);
        assertFalse(f.contains("telephone-event") || f.contains("rtx") || f.contains("VP8"), f);
        // what the file says is what the answer negotiated: parsing it back gives the same sections
        assertEquals(SdpFile.sections(ANSWER), SdpFile.sections(f));
    }

    @Test
    void noRedirectNoMLine() throws Exception {
        String f = SdpFile.forRedirects(ANSWER, new MediaRedirects(null, null, at(7000), null), "127.0.0.1");
        assertFalse(f.contains("m=video"), f);
        assertEquals(1, SdpFile.sections(f).size());
        assertEquals(List.of(), SdpFile.sections("v=0\r\nm=audio 9 RTP/AVP x\r\n"), "a malformed format list is skipped");
    }

    @Test
    void pliParsesBackAsAPli() {
        byte[] b = Rtcp.pli(0x11223344L, 0xAABBCCDDL);
        RtcpReader r = new RtcpReader().reset(b, 0, b.length);
        PictureLossIndication p = assertInstanceOf(PictureLossIndication.class, r.next());
        assertEquals(0x11223344L, p.senderSsrc());
        assertEquals(0xAABBCCDDL, p.mediaSsrc());
    }
}
