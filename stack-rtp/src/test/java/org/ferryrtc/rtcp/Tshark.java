package org.ferryrtc.rtcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Test helper: Wireshark's {@code tshark} as an independent RTCP parser. Writes datagrams into a
 * classic pcap file (libpcap format: 24-byte global header, 16-byte record headers, link type 1
 * Ethernet II, then IPv4 (RFC 791) and UDP (RFC 768) headers with correct lengths; the IPv4 and
 * UDP checksums are left 0, which Wireshark does not verify by default), runs
 * {@code tshark -r file -d udp.port==N,rtcp -T pdml} and parses the PDML with the JDK's DOM
 * parser. Missing tshark is an error, never a skip.
 */
final class Tshark {
    static final int PORT = 5004;

    private Tshark() {
    }

    /** Classic pcap (little-endian, microsecond timestamps) of UDP datagrams to {@link #PORT}. */
    static byte[] pcap(List<byte[]> datagrams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le32(out, 0xA1B2C3D4);
        le16(out, 2);
        le16(out, 4);
        le32(out, 0); // thiszone
        le32(out, 0); // sigfigs
        le32(out, 65535); // snaplen
        le32(out, 1); // LINKTYPE_ETHERNET
        int i = 0;
        for (byte[] d : datagrams) {
            int frame = 14 + 20 + 8 + d.length;
            le32(out, 1_700_000_000 + i); // seconds
            le32(out, 0);
            le32(out, frame);
            le32(out, frame);
            // Ethernet II: dst, src, EtherType IPv4
            out.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00});
            // IPv4 header, no options
            int ipLen = 20 + 8 + d.length;
            out.writeBytes(new byte[] {0x45, 0, (byte) (ipLen >> 8), (byte) ipLen, (byte) (i >> 8), (byte) i,
                    0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2});
            int udpLen = 8 + d.length;
            out.writeBytes(new byte[] {(byte) 0xC3, 0x51, (byte) (PORT >> 8), (byte) PORT,
                    (byte) (udpLen >> 8), (byte) udpLen, 0, 0});
            out.writeBytes(d);
            i++;
        }
        return out.toByteArray();
    }

    private static void le16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }

    private static void le32(ByteArrayOutputStream o, int v) {
        le16(o, v);
        le16(o, v >>> 16);
    }

    /** Dissects the datagrams; returns one {@code <packet>} element per datagram. */
    static List<Element> dissect(List<byte[]> datagrams) throws Exception {
        Path dir = Files.createTempDirectory("ferry-tshark");
        Path file = dir.resolve("rtcp.pcap");
        Path xml = dir.resolve("out.pdml");
        Files.write(file, pcap(datagrams));
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-d", "udp.port==" + PORT + ",rtcp",
                    "-T", "pdml")
                    .redirectOutput(xml.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new AssertionError("tshark is missing (install it with .ci/install-test-deps)", e);
        }
        String err;
        try (InputStream e = p.getErrorStream()) {
            err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tshark did not finish");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("tshark failed (" + p.exitValue() + "): " + err);
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(xml.toFile());
        List<Element> packets = new ArrayList<>();
        NodeList list = doc.getDocumentElement().getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && e.getTagName().equals("packet")) {
                packets.add(e);
            }
        }
        Files.delete(file);
        Files.delete(xml);
        Files.delete(dir);
        if (packets.size() != datagrams.size()) {
            throw new AssertionError("tshark returned " + packets.size() + " packets for " + datagrams.size());
        }
        return packets;
    }

    /** All descendant {@code field}/{@code proto} elements of {@code root} in document order. */
    static List<Element> all(Element root) {
        List<Element> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Element> out) {
        NodeList kids = n.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            if (kids.item(i) instanceof Element e) {
                out.add(e);
                collect(e, out);
            }
        }
    }

    /** Descendants named {@code name}, in document order. */
    static List<Element> fields(Element root, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : all(root)) {
            if (name.equals(e.getAttribute("name"))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The {@code show} attributes of the fields named {@code name}, in order. */
    static List<String> shows(Element root, String name) {
        List<String> out = new ArrayList<>();
        for (Element e : fields(root, name)) {
            out.add(e.getAttribute("show"));
        }
        return out;
    }

    /**
     * Problems Wireshark reports: a malformed-packet marker, or any expert item (its message and
     * severity: 0x600000 warning, 0x800000 error, smaller values are comments/chat/notes).
     */
    static List<String> problems(Element packet) {
        List<String> out = new ArrayList<>();
        for (Element e : all(packet)) {
            String name = e.getAttribute("name");
            if (name.startsWith("_ws.malformed") || name.equals("_ws.expert")) {
                out.add(name + ": " + e.getAttribute("showname") + " " + shows(e, "_ws.expert.severity"));
            }
        }
        return out;
    }
}
