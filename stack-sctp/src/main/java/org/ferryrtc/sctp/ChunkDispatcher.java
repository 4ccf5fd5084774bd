package org.ferryrtc.sctp;

/**
 * Walks the chunks of an accepted packet (RFC 9260 §6.10 bundling) and hands each to its handler;
 * unknown chunk types follow their two high bits (§3.2). Also decides when the SACK for received
 * DATA goes out: at once for gaps and duplicates, else on every second packet or after the
 * delayed-SACK timer (§6.2).
 */
final class ChunkDispatcher {
    private final SctpAssociation as;
    private final Chunk chunk = new Chunk();
    private final SackChunk sackView = new SackChunk();

    ChunkDispatcher(SctpAssociation as) {
        this.as = as;
    }

    @SuppressWarnings("fallthrough") // I-DATA and I-FORWARD-TSN share the DATA and FORWARD TSN paths
    void processChunks(byte[] buf, int p, int end, boolean skipFirst) {
        boolean gotData = false;
        boolean immediate = false;
        boolean firstChunk = true;
        while (p < end && as.state != SctpState.TERMINATED) {
            if (!chunk.wrap(buf, p, end)) {
                as.malformedChunks++;
                break;
            }
            int type = chunk.type();
            if (firstChunk && skipFirst) {
                firstChunk = false;
                p = chunk.next();
                continue;
            }
            firstChunk = false;
            switch (type) {
                case Chunk.I_DATA:
                    if (!as.idata) {
                        unknownChunk(buf, p, type);
                        if (Chunk.unknownStopsProcessing(type)) {
                            return;
                        }
                        break;
                    }
                    // fall through: I-DATA negotiated (RFC 8260 §2.2)
                case Chunk.DATA:
                    if ((type == Chunk.I_DATA) != as.idata) {
                        as.malformedChunks++; // DATA when I-DATA was negotiated, or the reverse
                        break;
                    }
                    int r = as.inbound.onData(chunk);
                    gotData = true;
                    immediate |= r != 0;
                    break;
                case Chunk.SACK:
                    onSack(chunk);
                    break;
                case Chunk.INIT_ACK:
                    as.setup.onInitAck(chunk);
                    break;
                case Chunk.HEARTBEAT:
                    if (Bytes.pad4(chunk.length()) <= (as.cfg.mtu() & ~3) - SctpPacket.HEADER_SIZE) { // the padded ACK must fit
                        as.queueControl(heartbeatAck(chunk));
                    }
                    break;
                case Chunk.HEARTBEAT_ACK:
                    as.heartbeat.onAck(chunk, as.now);
                    break;
                case Chunk.ERROR:
                    if (as.state == SctpState.COOKIE_ECHOED && chunk.valueLength() >= 4
                            && Bytes.u16(buf, chunk.valueOffset()) == ErrorCause.STALE_COOKIE) {
                        as.restartInit(); // RFC 9260 §5.2.6
                        return;
                    }
                    break;
                case Chunk.ABORT:
                    as.terminate(new SctpEvent.Closed(false, true, ErrorCause.describe(chunk)));
                    return;
                case Chunk.SHUTDOWN:
                    as.onShutdown(chunk);
                    break;
                case Chunk.SHUTDOWN_ACK:
                    if (as.state == SctpState.SHUTDOWN_SENT || as.state == SctpState.SHUTDOWN_ACK_SENT) {
                        as.queuePacket(Handshake.packet(as.cfg, as.peerTag, Handshake.simpleChunk(Chunk.SHUTDOWN_COMPLETE, 0)));
                        as.terminate(new SctpEvent.Closed(true, false, "as.shutdown complete"));
                        return;
                    }
                    break;
                case Chunk.SHUTDOWN_COMPLETE:
                    if (as.state == SctpState.SHUTDOWN_ACK_SENT) {
                        as.terminate(new SctpEvent.Closed(true, true, "as.shutdown complete"));
                        return;
                    }
                    break;
                case Chunk.COOKIE_ECHO:
                    as.malformedChunks++; // only valid as the first chunk
                    break;
                case Chunk.COOKIE_ACK:
                    if (as.state == SctpState.COOKIE_ECHOED) {
                        as.state = SctpState.ESTABLISHED;
                        as.t1At = Long.MAX_VALUE;
                        as.events.add(new SctpEvent.Connected());
                    }
                    break;
                case Chunk.I_FORWARD_TSN:
                    if (!as.idata) {
                        unknownChunk(buf, p, type);
                        break; // high bits 11: skip and report
                    }
                    // fall through
                case Chunk.FORWARD_TSN:
                    if ((type == Chunk.I_FORWARD_TSN) != as.idata) {
                        as.malformedChunks++;
                        break;
                    }
                    as.inbound.onForwardTsn(chunk);
                    immediate = true;
                    gotData = true;
                    break;
                case Chunk.RE_CONFIG:
                    if (!as.dataState() || !as.resetter.onChunk(chunk)) {
                        as.malformedChunks++;
                    }
                    break;
                case Chunk.INIT:
                    as.malformedChunks++;
                    return;
                default:
                    unknownChunk(buf, p, type);
                    if (Chunk.unknownStopsProcessing(type)) {
                        return;
                    }
            }
            p = chunk.next();
        }
        if (gotData && as.state != SctpState.TERMINATED) {
            as.resetter.checkDeferred();
            as.packetsSinceSack++;
            if (immediate || as.packetsSinceSack >= 2 || as.state == SctpState.SHUTDOWN_SENT) {
                as.sackNeeded = true;
                as.ackAt = Long.MAX_VALUE;
                if (as.state == SctpState.SHUTDOWN_SENT) {
                    as.resendShutdown(); // §9.2: answer DATA with a fresh SHUTDOWN too
                }
            } else if (as.ackAt == Long.MAX_VALUE) {
                as.ackAt = as.now + as.cfg.delayedAckMillis() * 1_000_000L;
            }
        }
    }


    /** RFC 9260 §3.2: count, and report in an ERROR chunk when the type's high bits ask for it. */
    private void unknownChunk(byte[] buf, int p, int type) {
        as.unknownChunks++;
        if (Chunk.unknownIsReported(type)) {
            int l = Math.min(chunk.length(), as.cfg.mtu() - 64);
            as.queueControl(Handshake.errorChunk(ErrorCause.encode(ErrorCause.UNRECOGNIZED_CHUNK, buf, p, l)));
        }
    }


    private void onSack(Chunk c) {
        if (!as.dataState() || !sackView.wrap(c)) {
            as.malformedChunks++;
            return;
        }
        if (!as.sender.onSack(sackView, as.now)) {
            as.malformedChunks++;
        }
        as.checkShutdown();
    }


    private byte[] heartbeatAck(Chunk c) {
        byte[] a = new byte[Bytes.pad4(c.length())];
        Chunk.writeOpaque(a, 0, Chunk.HEARTBEAT_ACK, 0, c.buffer(), c.valueOffset(), c.valueLength());
        return a;
    }
}
