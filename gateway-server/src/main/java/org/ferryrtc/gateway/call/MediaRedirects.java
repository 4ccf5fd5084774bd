package org.ferryrtc.gateway.call;

/** {@code redirect_params} of a media connection; each entry may be null (not redirected). */
public record MediaRedirects(Redirect video, Redirect videoRtcp, Redirect audio, Redirect audioRtcp) {
    public static final MediaRedirects NONE = new MediaRedirects(null, null, null, null);
}
