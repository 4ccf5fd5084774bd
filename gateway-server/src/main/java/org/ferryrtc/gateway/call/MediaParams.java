package org.ferryrtc.gateway.call;

/**
 * {@code video_params} / {@code audio_params}: what to send from a {@code /media} port.
 *
 * @param bandWidthKbps {@code band_width} in kbit/s, 0 when not given
 * @param codec         upper-case codec name (VP8, VP9, H264, AV1, OPUS, PCMU, PCMA, G722)
 * @param mediaId       the {@code /media} port the local program sends plain RTP to
 * @param rtcpId        the {@code /media/rtcp} port for RTCP in both directions, or null
 * @param payloadType   the RTP payload type the local program uses (0..127)
 * @param samplingRate  RTP clock rate in Hz (the codec's default when not given)
 */
public record MediaParams(int bandWidthKbps, String codec, String mediaId, String rtcpId,
                          int payloadType, int samplingRate) {}
