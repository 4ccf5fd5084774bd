package org.ferryrtc.srtp;

import java.lang.reflect.Field;
import java.security.MessageDigest;

/**
 * Read access to the chaining state ({@code int[5]}) of the JDK's own SHA-1 digest, so that
 * {@link HmacSha1} can start a MAC from precomputed pad states (RFC 2104 §4, "implementation
 * note") and still hash the message with the JDK's SHA-1 intrinsic (SHA-NI), which no public
 * API lets a caller seed.
 *
 * <p>Only the reference to the digest's {@code state} array is fetched, once per digest, with
 * {@code sun.misc.Unsafe.getObject} (module {@code jdk.unsupported}, no {@code --add-opens}
 * needed); afterwards {@link HmacSha1} writes five ints into that array after a public
 * {@code reset()} and feeds the rest through the public {@code update}. Anything unexpected
 * (another provider, renamed fields, JDK 24 or later where {@code sun.misc.Unsafe}'s
 * memory-access methods print a warning, or {@code -Dferry.srtp.hmacPadStates=false}) makes
 * {@link #of} return null and {@link HmacSha1} use the portable path, which re-hashes both
 * pads per MAC (two more SHA-1 compressions, ~50 ns on a 1,200-byte packet).
 */
final class Sha1State {
    private static final Object UNSAFE;
    private static final long SPI_OFFSET;
    private static final long STATE_OFFSET;
    private static final Class<?> SHA_CLASS;

    static {
        Object unsafe = null;
        long spi = -1;
        long state = -1;
        Class<?> sha = null;
        try {
            if (Runtime.version().feature() < 24
                    && !"false".equals(System.getProperty("ferry.srtp.hmacPadStates"))) {
                Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
                Field d = Class.forName("java.security.MessageDigest$Delegate").getDeclaredField("digestSpi");
                sha = Class.forName("sun.security.provider.SHA");
                Field s = sha.getDeclaredField("state");
                if (s.getType() == int[].class && !java.lang.reflect.Modifier.isStatic(s.getModifiers())) {
                    spi = u.objectFieldOffset(d);
                    state = u.objectFieldOffset(s);
                    unsafe = u;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unsafe = null; // the portable path
        }
        UNSAFE = unsafe;
        SPI_OFFSET = spi;
        STATE_OFFSET = state;
        SHA_CLASS = sha;
    }

    private Sha1State() {
    }

    /** The live {@code int[5]} state of {@code sha1}, or null if not reachable here. */
    static int[] of(MessageDigest sha1) {
        if (UNSAFE == null || !"java.security.MessageDigest$Delegate".equals(delegateClassName(sha1))) {
            return null;
        }
        try {
            sun.misc.Unsafe u = (sun.misc.Unsafe) UNSAFE;
            Object spi = u.getObject(sha1, SPI_OFFSET);
            if (spi == null || spi.getClass() != SHA_CLASS) {
                return null;
            }
            Object state = u.getObject(spi, STATE_OFFSET);
            return state instanceof int[] a && a.length == 5 ? a : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String delegateClassName(MessageDigest md) {
        // MessageDigest.getInstance wraps a provider's MessageDigestSpi in a Delegate, or in its
        // subclass CloneableDelegate; the spi field is declared in Delegate either way
        Class<?> c = md.getClass();
        while (c != null && !c.getName().equals("java.security.MessageDigest$Delegate")) {
            c = c.getSuperclass();
        }
        return c == null ? null : c.getName();
    }
}
