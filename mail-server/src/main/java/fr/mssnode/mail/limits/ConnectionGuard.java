package fr.mssnode.mail.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * In front of a James listener, one per connection: a client address over its connection limit is told so in the
 * protocol's words and disconnected before the server greets it; a command line that takes longer than the
 * deadline to arrive (a client trickling bytes) ends the connection with a sentence.
 */
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionGuard.class);

    /** What a client is told, in its protocol: too many connections (with the limit), too slow (with the seconds). */
    public record Answers(IntFunction<String> tooMany, LongFunction<String> tooSlow) {
        public static final Answers SMTP = new Answers(
            limit -> "421 4.7.0 Too many connections from your address (at most " + limit + " at once); try again later.",
            seconds -> "421 4.4.2 Too slow: a command line took more than " + seconds + " s; closing the connection.");
        public static final Answers IMAP = new Answers(
            limit -> "* BYE Too many connections from your address (at most " + limit + " at once); try again later.",
            seconds -> "* BYE Too slow: a command line took more than " + seconds + " s; closing the connection.");
    }

    private final ClientConnections connections;
    private final Answers answers;
    private final String listener;
    private InetAddress counted;
    private long lineStartedNanos;
    private ScheduledFuture<?> watch;

    ConnectionGuard(ClientConnections connections, Answers answers, String listener) {
        this.connections = connections;
        this.answers = answers;
        this.listener = listener;
    }

    /**
     * A guard for each new connection of one listener ({@code listener}: its name in the metrics); the listener's
     * counts are shared between them.
     */
    public static java.util.function.Supplier<ConnectionGuard> forListener(ConnectionLimits limits, Answers answers,
                                                                         String listener) {
        ClientConnections connections = new ClientConnections(limits);
        return () -> new ConnectionGuard(connections, answers, listener);
    }

    /** A TLS handshake (implicit TLS or after STARTTLS) that failed is counted for the operator. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            fr.mssnode.mail.operations.NodeMeters.tlsHandshakeFailed(listener);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!connections.exempt(client)) {
            if (!connections.admit(client)) {
                LOGGER.warn("Connection from {} refused: {} already open", client.getHostAddress(),
                    connections.limits().perAddress());
                say(ctx, answers.tooMany().apply(connections.limits().perAddress()));
                return;
            }
            counted = client;
        }
        long period = Math.max(1, connections.limits().lineDeadline().toMillis() / 4);
        watch = ctx.executor().scheduleAtFixedRate(() -> checkPace(ctx), period, period, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
            int lastNewLine = bytes.forEachByteDesc(b -> b != '\n');
            if (lastNewLine < 0) {
                if (lineStartedNanos == 0) {
                    lineStartedNanos = System.nanoTime();
                }
            } else {
                lineStartedNanos = lastNewLine == bytes.writerIndex() - 1 ? 0 : System.nanoTime();
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void checkPace(ChannelHandlerContext ctx) {
        long started = lineStartedNanos;
        long deadline = connections.limits().lineDeadline().toNanos();
        if (started != 0 && System.nanoTime() - started > deadline && ctx.channel().isActive()) {
            LOGGER.warn("Connection from {} closed: a line took longer than {}", ctx.channel().remoteAddress(),
                connections.limits().lineDeadline());
            watch.cancel(false);
            say(ctx, answers.tooSlow().apply(connections.limits().lineDeadline().toSeconds()));
        }
    }

    private static void say(ChannelHandlerContext ctx, String line) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (watch != null) {
            watch.cancel(false);
        }
        if (counted != null) {
            connections.release(counted);
            counted = null;
        }
        ctx.fireChannelInactive();
    }
}
