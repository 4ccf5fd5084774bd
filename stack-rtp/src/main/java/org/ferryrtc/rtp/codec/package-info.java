/**
 * RTP payload formats: cutting media frames into RTP payloads and reassembling them.
 *
 * <table>
 *   <caption>Supported codecs</caption>
 *   <tr><th>name</th><th>spec</th><th>packetizer</th><th>depacketizer</th></tr>
 *   <tr><td>VP8</td><td>RFC 7741</td><td>{@link org.ferryrtc.rtp.codec.Vp8Packetizer}</td>
 *       <td>{@link org.ferryrtc.rtp.codec.Vp8Depacketizer}</td></tr>
 *   <tr><td>VP9</td><td>RFC 9628</td><td>{@link org.ferryrtc.rtp.codec.Vp9Packetizer}</td>
 *       <td>{@link org.ferryrtc.rtp.codec.Vp9Depacketizer}</td></tr>
 *   <tr><td>H264</td><td>RFC 6184</td><td>{@link org.ferryrtc.rtp.codec.H264Packetizer}</td>
 *       <td>{@link org.ferryrtc.rtp.codec.H264Depacketizer}</td></tr>
 *   <tr><td>AV1</td><td>AV1 RTP payload spec</td><td>{@link org.ferryrtc.rtp.codec.Av1Packetizer}</td>
 *       <td>{@link org.ferryrtc.rtp.codec.Av1Depacketizer}</td></tr>
 *   <tr><td>opus</td><td>RFC 7587</td><td>{@link org.ferryrtc.rtp.codec.OpusPacketizer}</td>
 *       <td>{@link org.ferryrtc.rtp.codec.AudioDepacketizer}</td></tr>
 *   <tr><td>PCMU, PCMA</td><td>RFC 3551</td><td>{@link org.ferryrtc.rtp.codec.G711Packetizer}</td>
 *       <td>{@link org.ferryrtc.rtp.codec.AudioDepacketizer}</td></tr>
 * </table>
 *
 * <p>{@link org.ferryrtc.rtp.codec.Codecs} creates them by name. All classes are sans-IO,
 * single-threaded and allocation-free per packet once warmed up; the RTP header itself is the
 * caller's ({@link org.ferryrtc.rtp.RtpPacket}). Malformed input is reported
 * ({@link org.ferryrtc.rtp.codec.Packetizer#INVALID_FRAME},
 * {@link org.ferryrtc.rtp.codec.Depacketizer.Result#INVALID}) and counted, never thrown. RTP
 * timestamps are unsigned 32-bit values in a {@code long}; sequence numbers are 0..65535.
 */
package org.ferryrtc.rtp.codec;
