package org.ferryrtc.rtp.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test sink: copies every payload a packetizer emits (the copy a real sink would make). */
final class Packets implements PayloadSink {
    final List<byte[]> payloads = new ArrayList<>();
    final List<Boolean> markers = new ArrayList<>();

    @Override
    public void accept(byte[] buf, int off, int len, boolean marker) {
        payloads.add(Arrays.copyOfRange(buf, off, off + len));
        markers.add(marker);
    }

    int size() {
        return payloads.size();
    }

    byte[] get(int i) {
        return payloads.get(i);
    }

    boolean marker(int i) {
        return markers.get(i);
    }

    void clear() {
        payloads.clear();
        markers.clear();
    }

    static byte[] hex(String s) {
        String h = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
