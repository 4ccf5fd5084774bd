package org.ferryrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.ferryrtc.sctp.LinkSim;
import org.ferryrtc.sctp.SctpAssociation;
import org.ferryrtc.sctp.SctpState;
import org.ferryrtc.sctp.SendStatus;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

/** DataChannels over two associations in virtual time (RFC 8831, DCEP RFC 8832). */
class DataChannelsTest {
    static final long SEC = 1_000_000_000L;

    final LinkSim sim;
    final DataChannels client;
    final DataChannels server;
    final List<DataChannelEvent> ce = new ArrayList<>();
    final List<DataChannelEvent> se = new ArrayList<>();

    DataChannelsTest() {
        SctpAssociation a = new SctpAssociation(LinkSim.config(1));
        SctpAssociation b = new SctpAssociation(LinkSim.config(2));
        sim = new LinkSim(a, b, 3);
        client = new DataChannels(a, true);
        server = new DataChannels(b, false);
        sim.pumpA = () -> drain(client, ce);
        sim.pumpB = () -> drain(server, se);
        a.connect(0);
        b.connect(0); // both WebRTC peers start SCTP at once
    }

    static void drain(DataChannels d, List<DataChannelEvent> into) {
        DataChannelEvent e;
        while ((e = d.pollEvent()) != null) {
            into.add(e);
        }
    }

    boolean until(java.util.function.BooleanSupplier c) {
        return sim.runUntil(c, 120 * SEC);
    }

    static <T extends DataChannelEvent> List<T> of(List<DataChannelEvent> l, Class<T> c) {
        List<T> out = new ArrayList<>();
        for (DataChannelEvent e : l) {
            if (c.isInstance(e)) {
                out.add(c.cast(e));
            }
        }
        return out;
    }

    static <T extends DataChannelEvent> long count(List<DataChannelEvent> l, Class<T> c, Predicate<T> p) {
        return of(l, c).stream().filter(p).count();
    }

    @Test
    void inBandOpenMessagesBothWaysAndParity() {
        DataChannel c1 = client.open("chat", DataChannelOptions.DEFAULT.withProtocol("json"));
        DataChannel c2 = client.open("second", DataChannelOptions.DEFAULT);
        assertTrue(until(() -> of(se, DataChannelEvent.Open.class).size() == 2));
        assertEquals(0, c1.id());
        assertEquals(2, c2.id());
        DataChannel s1 = server.channel(0);
        assertEquals("chat", s1.label());
        assertEquals("json", s1.protocol());
        assertEquals(DataChannelState.OPEN, s1.state());
        DataChannel s3 = server.open("from-server", DataChannelOptions.DEFAULT);
        assertEquals(1, s3.id(), "DTLS server uses odd ids");
        assertEquals(SendStatus.OK, client.send(c1, "héllo"));
        assertEquals(SendStatus.OK, client.send(c1, new byte[] {1, 2, 3}));
        assertEquals(SendStatus.OK, client.send(c1, ""));
        assertEquals(SendStatus.OK, client.send(c1, new byte[0]));
        assertTrue(until(() -> of(se, DataChannelEvent.Message.class).size() == 4));
        List<DataChannelEvent.Message> m = of(se, DataChannelEvent.Message.class);
        assertEquals("héllo", m.get(0).text());
        assertFalse(m.get(0).binary());
        assertArrayEquals(new byte[] {1, 2, 3}, m.get(1).data());
        assertTrue(m.get(1).binary());
        assertEquals(0, m.get(2).data().length);
        assertFalse(m.get(2).binary());
        assertEquals(0, m.get(3).data().length);
        assertTrue(m.get(3).binary());
        assertTrue(until(() -> client.channel(1) != null && client.channel(1).state() == DataChannelState.OPEN));
        assertEquals(SendStatus.OK, server.send(server.channel(1), "back"));
        assertTrue(until(() -> count(ce, DataChannelEvent.Message.class, x -> x.text().equals("back")) == 1));
        assertEquals("from-server", client.channel(1).label());
    }

    @Test
    void channelTypesTravelInDcep() {
        DataChannel u = client.open("u", DataChannelOptions.DEFAULT.withOrdered(false));
        DataChannel r = client.open("r", DataChannelOptions.DEFAULT.withMaxRetransmits(3));
        DataChannel t = client.open("t", DataChannelOptions.DEFAULT.withOrdered(false).withMaxPacketLifeTime(150));
        assertTrue(until(() -> of(se, DataChannelEvent.Open.class).size() == 3));
        assertFalse(server.channel(u.id()).options().ordered());
        assertEquals(3, server.channel(r.id()).options().maxRetransmits());
        assertTrue(server.channel(r.id()).options().ordered());
        assertEquals(150, server.channel(t.id()).options().maxPacketLifeTime());
        assertFalse(server.channel(t.id()).options().ordered());
    }

    @Test
    void negotiatedChannelsNeedNoDcep() {
        DataChannel a = client.open("n", DataChannelOptions.DEFAULT.withNegotiatedId(7));
        DataChannel b = server.open("n", DataChannelOptions.DEFAULT.withNegotiatedId(7));
        assertTrue(until(() -> a.state() == DataChannelState.OPEN && b.state() == DataChannelState.OPEN));
        client.send(a, "x");
        assertTrue(until(() -> of(se, DataChannelEvent.Message.class).size() == 1));
        assertEquals(b, of(se, DataChannelEvent.Message.class).get(0).channel());
        assertEquals(0, server.malformedDcepMessages());
    }

    @Test
    void closeFromEitherSideGoesClosingThenClosedOnBoth() {
        DataChannel c = client.open("a", DataChannelOptions.DEFAULT);
        assertTrue(until(() -> server.channel(0) != null));
        DataChannel s = server.channel(0);
        client.send(c, "last words");
        client.close(c);
        assertEquals(DataChannelState.CLOSING, c.state());
        assertTrue(until(() -> c.state() == DataChannelState.CLOSED && s.state() == DataChannelState.CLOSED));
        assertEquals(1, of(se, DataChannelEvent.Message.class).size(), "data queued before close still arrives");
        for (List<DataChannelEvent> l : List.of(ce, se)) {
            int closing = l.indexOf(l.stream().filter(e -> e instanceof DataChannelEvent.Closing).findFirst().orElseThrow());
            int closed = l.indexOf(l.stream().filter(e -> e instanceof DataChannelEvent.Closed).findFirst().orElseThrow());
            assertTrue(closing < closed);
        }
        // the server closes its own channel; the id is then reusable by the client
        DataChannel s2 = server.open("b", DataChannelOptions.DEFAULT);
        assertTrue(until(() -> client.channel(s2.id()) != null));
        DataChannel c2 = client.channel(s2.id());
        server.close(s2);
        assertTrue(until(() -> c2.state() == DataChannelState.CLOSED && s2.state() == DataChannelState.CLOSED));
        DataChannel again = client.open("again", DataChannelOptions.DEFAULT);
        assertEquals(0, again.id());
        client.send(again, "new life");
        assertTrue(until(() -> count(se, DataChannelEvent.Message.class, x -> x.text().equals("new life")) == 1));
    }

    @Test
    void thousandChannelsOnOneAssociation() {
        List<DataChannel> mine = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            mine.add(client.open("c" + i, DataChannelOptions.DEFAULT));
            mine.add(server.open("s" + i, DataChannelOptions.DEFAULT));
        }
        assertTrue(until(() -> client.channels().size() == 1000 && server.channels().size() == 1000));
        assertTrue(until(() -> client.channels().stream().allMatch(c -> c.state() == DataChannelState.OPEN)
                && server.channels().stream().allMatch(c -> c.state() == DataChannelState.OPEN)));
        for (DataChannel ch : mine) {
            DataChannels side = ch.id() % 2 == 0 ? client : server;
            assertEquals(SendStatus.OK, side.send(ch, ch.label()));
        }
        assertTrue(until(() -> of(ce, DataChannelEvent.Message.class).size() == 500
                && of(se, DataChannelEvent.Message.class).size() == 500));
        for (DataChannelEvent.Message m : of(se, DataChannelEvent.Message.class)) {
            assertEquals(m.channel().label(), m.text());
        }
        for (DataChannel ch : mine) {
            (ch.id() % 2 == 0 ? client : server).close(ch);
        }
        assertTrue(until(() -> client.channels().isEmpty() && server.channels().isEmpty()));
        assertEquals(1000, of(ce, DataChannelEvent.Closed.class).size());
        assertEquals(1000, of(se, DataChannelEvent.Closed.class).size());
    }

    @Test
    void bufferedAmountLowEvent() {
        DataChannel c = client.open("bulk", DataChannelOptions.DEFAULT);
        assertTrue(until(() -> server.channel(0) != null));
        c.setBufferedAmountLowThreshold(64 * 1024);
        ce.clear(); // sending DCEP OPEN already drained the stream below the default threshold of 0
        byte[] chunk = new byte[100_000];
        new Random(1).nextBytes(chunk);
        for (int i = 0; i < 10; i++) {
            assertEquals(SendStatus.OK, client.send(c, chunk));
        }
        assertTrue(c.bufferedAmount() > 900_000);
        assertTrue(until(() -> !of(ce, DataChannelEvent.BufferedAmountLow.class).isEmpty()));
        assertTrue(c.bufferedAmount() <= 64 * 1024);
        assertEquals(c, of(ce, DataChannelEvent.BufferedAmountLow.class).get(0).channel());
        assertTrue(until(() -> of(se, DataChannelEvent.Message.class).size() == 10));
        assertEquals(0, c.bufferedAmount());
    }

    @Test
    void associationEndClosesChannels() {
        DataChannel c = client.open("x", DataChannelOptions.DEFAULT);
        assertTrue(until(() -> server.channel(0) != null));
        sim.b.abort(sim.now(), "test");
        assertTrue(until(() -> c.state() == DataChannelState.CLOSED));
        assertNotNull(of(ce, DataChannelEvent.AssociationClosed.class).get(0));
        assertEquals(SctpState.TERMINATED, sim.a.state());
        assertEquals(SendStatus.NOT_CONNECTED, client.send(c, "late"));
    }

    @Test
    void dcepParserSurvivesMutation() {
        byte[] good = Dcep.open("label", DataChannelOptions.DEFAULT.withProtocol("proto").withMaxRetransmits(2));
        Dcep.Open o = Dcep.parseOpen(good);
        assertEquals("label", o.label());
        assertEquals("proto", o.protocol());
        assertEquals(2, o.options(0).maxRetransmits());
        assertArrayEquals(good, Dcep.open(o.label(), o.options(0)), "write -> parse -> write");
        Random r = new Random(5);
        int parsed = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] m = Mutator.mutate(r, good, 8);
            parsed += Dcep.parseOpen(m) != null ? 1 : 0;
        }
        assertTrue(parsed > 0);
        assertEquals(null, Dcep.parseOpen(new byte[] {3, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0}));
    }

    @Test
    void openSendAndCloseUnderLossReorderingAndDuplication() {
        assertTrue(until(() -> sim.a.state() == SctpState.ESTABLISHED && sim.b.state() == SctpState.ESTABLISHED));
        sim.loss = 0.1;
        sim.reorder = 0.3;
        sim.duplicate = 0.05;
        List<DataChannel> mine = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            mine.add(client.open("c" + i, DataChannelOptions.DEFAULT));
            mine.add(server.open("s" + i, DataChannelOptions.DEFAULT.withOrdered(false)));
        }
        assertTrue(until(() -> client.channels().size() == 50 && server.channels().size() == 50));
        for (DataChannel ch : mine) {
            DataChannels side = ch.id() % 2 == 0 ? client : server;
            for (int k = 0; k < 4; k++) {
                assertEquals(SendStatus.OK, side.send(ch, ch.label() + "/" + k));
            }
        }
        assertTrue(until(() -> of(ce, DataChannelEvent.Message.class).size() == 100
                && of(se, DataChannelEvent.Message.class).size() == 100));
        // both ends close every channel at the same moment
        for (DataChannel ch : mine) {
            DataChannel peer = (ch.id() % 2 == 0 ? server : client).channel(ch.id());
            (ch.id() % 2 == 0 ? client : server).close(ch);
            (ch.id() % 2 == 0 ? server : client).close(peer);
        }
        assertTrue(until(() -> client.channels().isEmpty() && server.channels().isEmpty()));
        assertEquals(50, of(ce, DataChannelEvent.Closed.class).size());
        assertEquals(50, of(se, DataChannelEvent.Closed.class).size());
        assertEquals(100, of(se, DataChannelEvent.Message.class).size(), "exactly once");
    }

    @Test
    void partiallyReliableChannelUnderLossDeliversAtMostOnceInOrder() {
        DataChannel c = client.open("telemetry", DataChannelOptions.DEFAULT.withMaxRetransmits(0));
        assertTrue(until(() -> server.channel(c.id()) != null));
        sim.loss = 0.1;
        for (int i = 0; i < 300; i++) {
            assertEquals(SendStatus.OK, client.send(c, "m" + i + " ".repeat(1000))); // one per packet
        }
        sim.runFor(60 * SEC);
        List<DataChannelEvent.Message> got = of(se, DataChannelEvent.Message.class);
        assertTrue(got.size() > 150 && got.size() < 300, "some abandoned, most delivered: " + got.size());
        int last = -1;
        for (DataChannelEvent.Message m : got) {
            int i = Integer.parseInt(m.text().substring(1).trim());
            assertTrue(i > last, "ordered, no duplicates");
            last = i;
        }
        assertTrue(sim.a.stats().abandonedMessages() > 0);
    }
}
