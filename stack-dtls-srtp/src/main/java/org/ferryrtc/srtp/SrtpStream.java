package org.ferryrtc.srtp;

/**
 * Per-SSRC state of one direction (RFC 3711 §3.2.1 cryptographic context, minus the keys,
 * which the SSRCs of a DTLS-SRTP session share): rollover counter, highest sequence number,
 * replay windows and the SRTCP send index.
 */
final class SrtpStream {
    final long ssrc;
    /** RTP: true once a packet of this SSRC was protected or authenticated. */
    boolean rtpStarted;
    /** RTP rollover counter (32 bits). */
    long roc;
    /** RTP: highest sequence number seen, s_l of RFC 3711 Appendix A. */
    int highestSeq;
    ReplayWindow rtpWindow;
    /** SRTCP: the index the next protected packet gets. */
    long nextRtcpIndex;
    ReplayWindow rtcpWindow;

    SrtpStream(long ssrc) {
        this.ssrc = ssrc;
    }

    /**
     * Estimates the 48-bit packet index of sequence number {@code seq} (RFC 3711 Appendix A),
     * or returns -1 if it would fall before ROC 0.
     */
    long estimateIndex(int seq) {
        if (!rtpStarted) {
            return seq;
        }
        long v;
        if (highestSeq < 32768) {
            v = (seq - highestSeq > 32768) ? roc - 1 : roc;
        } else {
            v = (highestSeq - 32768 > seq) ? roc + 1 : roc;
        }
        if (v < 0) {
            return -1;
        }
        return (v << 16) | seq;
    }

    /** Updates ROC and s_l after the packet with {@code index} authenticated (§3.3.1). */
    void update(long index) {
        long v = index >>> 16;
        int seq = (int) (index & 0xFFFF);
        if (!rtpStarted) {
            rtpStarted = true;
            roc = v;
            highestSeq = seq;
        } else if (v > roc) {
            roc = v;
            highestSeq = seq;
        } else if (v == roc && seq > highestSeq) {
            highestSeq = seq;
        }
    }
}
