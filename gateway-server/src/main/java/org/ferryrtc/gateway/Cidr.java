package org.ferryrtc.gateway;

import java.util.List;

/** An IPv4 CIDR block ({@code 127.0.0.0/8}, or a bare address = /32) for the redirect allow-list. */
record Cidr(int network, int prefix) {

    /** Parses {@code a.b.c.d[/n]}; null if malformed. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        int prefix = 32;
        String addr = text;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > 32) return null;
            addr = text.substring(0, slash);
        }
        long ip = parseIpv4(addr);
        if (ip < 0) return null;
        return new Cidr((int) ip & mask(prefix), prefix);
    }

    boolean contains(int ip) {
        return (ip & mask(prefix)) == network;
    }

    static boolean anyContains(List<Cidr> list, int ip) {
        for (Cidr c : list) {
            if (c.contains(ip)) return true;
        }
        return false;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** Strict dotted quad (four decimal parts 0..255, no leading '+', at most 3 digits) or -1. */
    static long parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return -1;
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) return -1;
            int n = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') return -1;
                n = n * 10 + (c - '0');
            }
            if (n > 255) return -1;
            v = (v << 8) | n;
        }
        return v;
    }
}
