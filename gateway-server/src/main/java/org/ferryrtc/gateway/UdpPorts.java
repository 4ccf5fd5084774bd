package org.ferryrtc.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The local UDP ports ({@code /media}, {@code /media/rtcp}, {@code /data}) on Netty's NIO transport. */
final class UdpPorts implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, UdpPort> ports = new ConcurrentHashMap<>();
    private final String bind;
    private final int history;
    private final Metrics metrics;

    UdpPorts(String bind, int history, Metrics metrics) {
        this.bind = bind;
        this.history = history;
        this.metrics = metrics;
    }

    String ip() {
        return bind;
    }

    /** Opens a port on an ephemeral UDP port; blocks until bound. */
    UdpPort open(UdpPort.Kind kind, boolean video) {
        String prefix = switch (kind) {
            case MEDIA -> video ? "vi-" : "au-";
            case RTCP -> "rc-";
            case DATA -> "da-";
        };
        UdpPort p = new UdpPort(prefix + UUID.randomUUID(), kind, video, history, metrics);
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class);
        // a /data datagram may be up to the UDP limit; Netty's default receive buffer (2 KiB) would truncate it
        b.option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.FixedRecvByteBufAllocator(kind == UdpPort.Kind.DATA ? 65536 : 2048));
        b.option(io.netty.channel.ChannelOption.SO_RCVBUF, 1 << 20);
        Channel ch = b
                .handler(p.new Handler())
                .bind(new InetSocketAddress(bind, 0)).syncUninterruptibly().channel();
        p.channel = ch;
        p.port = ((InetSocketAddress) ch.localAddress()).getPort();
        ports.put(p.id, p);
        Log.info("udp.open", "kind", kind.label, "id", p.id, "port", p.port);
        return p;
    }

    UdpPort get(String id) {
        return ports.get(id);
    }

    boolean close(String id) {
        UdpPort p = ports.remove(id);
        if (p == null) return false;
        p.channel.close().syncUninterruptibly();
        Log.info("udp.close", "kind", p.kind.label, "id", id, "datagrams", p.datagrams.sum());
        return true;
    }

    long count(UdpPort.Kind kind) {
        return ports.values().stream().filter(p -> p.kind == kind).count();
    }

    Collection<UdpPort> all() {
        return ports.values();
    }

    @Override
    public void close() {
        for (String id : ports.keySet()) close(id);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
