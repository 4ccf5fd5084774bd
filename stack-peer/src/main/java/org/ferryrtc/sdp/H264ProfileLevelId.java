package org.ferryrtc.sdp;

/**
 * The H.264 {@code profile-level-id} fmtp parameter (RFC 6184 §8.1): three bytes in hex,
 * {@code profile_idc}, {@code profile-iop} (constraint_set0..5 flags) and {@code level_idc}.
 *
 * <pre>
 *  profile_idc   profile-iop      level_idc
 * +-----------+-----------------+-----------+
 * | 8 bits    | c0 c1 c2 c3 c4 c5 0 0 | 8 bits |
 * +-----------+-----------------+-----------+
 * </pre>
 *
 * <p>Two ids name the same profile when their (profile_idc, profile-iop) pairs fall in the same
 * class of H.264 Annex A: Constrained Baseline (a Baseline, Main or Extended stream that
 * decoders of all three can read), Baseline, Main, Extended, High and Constrained High; any
 * other profile_idc matches only itself with the same iop. Levels compare as ordinals where
 * level 1b (level_idc 11 with constraint_set3 in Baseline/Main/Extended, level_idc 9 in High
 * profiles) sits between 1 and 1.1.
 */
record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {

    /** The id a missing {@code profile-level-id} implies: Baseline, level 1 (RFC 6184 §8.1). */
    static final H264ProfileLevelId DEFAULT = new H264ProfileLevelId(0x42, 0x00, 10);

    /** Profile classes that negotiate as equal. */
    enum Profile { CONSTRAINED_BASELINE, BASELINE, MAIN, EXTENDED, HIGH, CONSTRAINED_HIGH, OTHER }

    /** Parses the six hex digits, or returns null when malformed. */
    static H264ProfileLevelId parse(String hex) {
        if (hex == null) {
            return DEFAULT;
        }
        if (hex.length() != 6) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < 6; i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0 || hex.charAt(i) > 'f') {
                return null;
            }
            v = (v << 4) | d;
        }
        return new H264ProfileLevelId(v >>> 16, (v >>> 8) & 0xFF, v & 0xFF);
    }

    /** The profile class (Annex A constraints decide which class an iop falls in). */
    Profile profile() {
        int iop = profileIop;
        boolean c0 = (iop & 0x80) != 0;
        boolean c1 = (iop & 0x40) != 0;
        boolean c4c5 = (iop & 0x0C) == 0x0C;
        switch (profileIdc) {
            case 0x42:
                return c1 ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE;
            case 0x4D:
                return c0 ? Profile.CONSTRAINED_BASELINE : Profile.MAIN;
            case 0x58:
                if (c0) {
                    return c1 ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE;
                }
                return Profile.EXTENDED;
            case 0x64:
                return c4c5 ? Profile.CONSTRAINED_HIGH : Profile.HIGH;
            default:
                return Profile.OTHER;
        }
    }

    /** True if both ids name the same profile (levels ignored). */
    boolean sameProfile(H264ProfileLevelId other) {
        Profile p = profile();
        if (p != other.profile()) {
            return false;
        }
        return p != Profile.OTHER || (profileIdc == other.profileIdc && profileIop == other.profileIop);
    }

    private boolean usesSet3For1b() {
        return profileIdc == 0x42 || profileIdc == 0x4D || profileIdc == 0x58;
    }

    /** True if the level is 1b. */
    boolean isLevel1b() {
        return usesSet3For1b() ? levelIdc == 11 && (profileIop & 0x10) != 0 : levelIdc == 9;
    }

    /** The level as a comparable ordinal (level_idc * 2, level 1b = 21). */
    int levelOrdinal() {
        return isLevel1b() ? 21 : levelIdc * 2;
    }

    /** This profile with the level given as an ordinal from {@link #levelOrdinal()}. */
    H264ProfileLevelId withLevelOrdinal(int ordinal) {
        if (ordinal == 21) {
            return usesSet3For1b() ? new H264ProfileLevelId(profileIdc, profileIop | 0x10, 11)
                    : new H264ProfileLevelId(profileIdc, profileIop, 9);
        }
        int iop = usesSet3For1b() ? profileIop & ~0x10 : profileIop;
        return new H264ProfileLevelId(profileIdc, iop, ordinal / 2);
    }

    /** The six lower-case hex digits. */
    String hex() {
        return String.format("%02x%02x%02x", profileIdc, profileIop, levelIdc);
    }
}
