package org.ferryrtc.sctp;

/**
 * Inbound DATA (RFC 9260 §6.2, §6.5) and FORWARD TSN (RFC 3758 §3.6) for {@link SctpAssociation}:
 * duplicate detection, receive-window enforcement, stream id checks, handing new chunks to
 * reassembly, and the bounds that keep a hostile sender from growing our buffers.
 */
final class InboundData {
    private final SctpAssociation as;
    private final DataChunk dataView = new DataChunk();
    private final ForwardTsnChunk fwdView = new ForwardTsnChunk();
    long duplicates;
    long dataDropped;
    long dataReceived;

    InboundData(SctpAssociation as) {
        this.as = as;
    }

    /** RFC 9260 §6.2; returns non-zero if the SACK should go out at once. */
    int onData(Chunk c) {
        if (!as.dataState() || !dataView.wrap(c)) {
            as.malformedChunks++;
            return 0;
        }
        if (dataView.payloadLength() == 0) {
            as.queuePacket(Handshake.packet(as.cfg, as.peerTag, Handshake.abortChunk(0, ErrorCause.NO_USER_DATA)));
            as.terminate(new SctpEvent.Closed(false, false, "DATA chunk without user data"));
            return 0;
        }
        long t = as.tsns.unwrap(dataView.tsn());
        int cls = as.tsns.classify(t);
        if (cls == TsnTracker.DUPLICATE) {
            duplicates++;
            as.tsns.recordDuplicate(dataView.tsn());
            return 1;
        }
        int len = dataView.payloadLength();
        long used = as.reasm.bufferedBytes() + as.reasm.undeliveredBytes();
        if (cls == TsnTracker.OUT_OF_WINDOW || used + len > 2L * as.cfg.receiveBufferSize()
                || (t > as.tsns.highest() && used + len > as.cfg.receiveBufferSize())) {
            dataDropped++;
            return 1;
        }
        dataReceived++;
        boolean fillsGap = t < as.tsns.highest();
        as.tsns.record(t);
        if (dataView.streamId() >= as.inStreams) {
            byte[] info = new byte[4];
            Bytes.put16(info, 0, dataView.streamId());
            as.queueControl(Handshake.errorChunk(ErrorCause.encode(ErrorCause.INVALID_STREAM, info, 0, 4)));
            return 1;
        }
        if (!as.reasm.add(dataView, t)) {
            as.queuePacket(Handshake.packet(as.cfg, as.peerTag, Handshake.abortChunk(0, ErrorCause.PROTOCOL_VIOLATION)));
            as.terminate(new SctpEvent.Closed(false, false, "message larger than the maximum message size"));
            return 0;
        }
        // §6.7: SACK at once while gaps exist and when a chunk fills one
        return as.tsns.hasGaps() || fillsGap ? 1 : 0;
    }

    void onForwardTsn(Chunk c) {
        if (!as.dataState() || !fwdView.wrap(c)) {
            as.malformedChunks++;
            return;
        }
        long newCum = as.tsns.unwrap(fwdView.newCumulativeTsn());
        if (newCum <= as.tsns.cumulative()) {
            return;
        }
        if (newCum - as.tsns.cumulative() >= TsnTracker.WINDOW) {
            as.malformedChunks++;
            return;
        }
        as.reasm.dropFragmentsUpTo(newCum);
        as.tsns.forwardTo(newCum);
        for (int i = 0; i < fwdView.count(); i++) {
            if (fwdView.stream(i) < as.inStreams) {
                if (fwdView.isIForward()) {
                    as.reasm.skip(fwdView.stream(i), fwdView.unordered(i), fwdView.mid(i));
                } else {
                    as.reasm.skip(fwdView.stream(i), false, fwdView.ssn(i));
                }
            }
        }
    }
}
