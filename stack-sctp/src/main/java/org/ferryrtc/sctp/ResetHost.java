package org.ferryrtc.sctp;

/** Gives the stream resetter (RFC 6525) access to the association's transfer state. */
final class ResetHost implements StreamResetter.Host {
    private final SctpAssociation as;

    ResetHost(SctpAssociation as) {
        this.as = as;
    }

        @Override
        public long receiverCumulative() {
            return as.tsns.cumulative();
        }

        @Override
        public long unwrapPeerTsn(int tsn) {
            return as.tsns.unwrap(tsn);
        }

        @Override
        public int lastAssignedTsn() {
            return as.sender.lastAssignedTsn();
        }

        @Override
        public boolean streamFlushed(int stream) {
            return as.sender.queue.streamFlushed(stream);
        }

        @Override
        public void resetIncoming(int stream) {
            as.reasm.resetStream(stream);
        }

        @Override
        public void resetOutgoingSsn(int stream) {
            as.sender.queue.resetSsn(stream);
        }

        @Override
        public void resetRefused(int stream) {
            as.sender.queue.stream(stream).resetting = false;
        }

        @Override
        public void addControl(byte[] c) {
            as.queueControl(c);
        }

        @Override
        public long rto() {
            return as.sender.cc.rto();
        }
    }
