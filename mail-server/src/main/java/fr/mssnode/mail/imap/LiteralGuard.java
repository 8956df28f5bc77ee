package fr.mssnode.mail.imap;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.imap.api.ImapSessionState;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Reads the IMAP byte stream ahead of James's decoder and refuses a literal larger than {@link LiteralLimits}
 * before James answers {@code +} and starts buffering it (CVE-2024-37358, fixed in James 3.8.2, which this
 * registry does not serve). Each command line is held until its end of line; a line announcing a literal
 * ({@code {n}} or {@code {n+}}) goes on only if the literal, added to the command's earlier ones, fits, and the
 * literal's bytes then pass through untouched. A refused synchronising literal gets {@code NO [TOOBIG]} (APPEND)
 * or {@code BAD}, and the connection carries on; a refused non-synchronising one ({@code LITERAL+}: the bytes are
 * already coming), or one refused after the command's earlier literals went to James, is answered the same, then
 * {@code BYE}, and the connection is closed. A line longer than 64 KB is dropped as it comes and refused with
 * {@code BAD}. Memory per connection: one line of at most 64 KB, on the heap.
 */
final class LiteralGuard extends ChannelInboundHandlerAdapter {
    /** No command line the node reads is longer (James's own limit is the same): longer ones are dropped and refused. */
    private static final int MAX_HELD_LINE = 64 * 1024;
    private static final Pattern TAG_AND_COMMAND = Pattern.compile("^([^ \r\n]+) +(?:(?i:UID) +)?([A-Za-z]+)");

    private final LiteralLimits limits;
    private ByteBuf line;
    private boolean overlong;
    private long literalRemaining;
    /** Within a command whose previous line announced a literal: its tag, its name, the literal bytes so far. */
    private String commandTag;
    private String commandName;
    private long commandLiteralBytes;

    LiteralGuard(LiteralLimits limits) {
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (in.isReadable() && ctx.channel().isActive()) {
                if (literalRemaining > 0) {
                    int passing = (int) Math.min(literalRemaining, in.readableBytes());
                    literalRemaining -= passing;
                    ctx.fireChannelRead(in.readRetainedSlice(passing));
                } else {
                    readLine(ctx, in);
                }
            }
        } finally {
            in.release();
        }
    }

    private void readLine(ChannelHandlerContext ctx, ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        int length = (end < 0 ? in.writerIndex() : end + 1) - in.readerIndex();
        if (overlong) {
            in.skipBytes(length);
            if (end >= 0) {
                overlong = false;
                refuseOverlong(ctx);
            }
            return;
        }
        if (line == null) {
            // On the heap: held lines are small and short-lived, and must not grow Netty's direct memory pool.
            line = ctx.alloc().heapBuffer(Math.min(length, 256));
        }
        if (line.readableBytes() + length > MAX_HELD_LINE) {
            // Longer than any command the node reads: dropped until its end, then refused.
            line.release();
            line = null;
            in.skipBytes(length);
            if (end < 0) {
                overlong = true;
            } else {
                refuseOverlong(ctx);
            }
            return;
        }
        line.writeBytes(in, length);
        if (end >= 0) {
            lineComplete(ctx);
        }
    }

    private void refuseOverlong(ChannelHandlerContext ctx) {
        boolean midCommand = commandLiteralBytes > 0;
        String tag = commandTag == null ? "*" : commandTag;
        endCommand();
        String answer = tag + " BAD Command line longer than " + MAX_HELD_LINE + " bytes; ignored.\r\n";
        if (midCommand) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(answer + "* BYE The command cannot go on; reconnect.\r\n",
                StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII));
        }
    }

    private void lineComplete(ChannelHandlerContext ctx) {
        if (commandTag == null) {
            Matcher start = TAG_AND_COMMAND.matcher(line.toString(line.readerIndex(), Math.min(64, line.readableBytes()),
                StandardCharsets.ISO_8859_1));
            boolean found = start.find();
            commandTag = found ? start.group(1) : "*";
            commandName = found ? start.group(2).toUpperCase(Locale.ROOT) : "";
        }
        Literal literal = literalAtEnd(line);
        if (literal == null) {
            ctx.fireChannelRead(takeLine());
            endCommand();
            return;
        }
        long size = literal.size();
        boolean synchronising = literal.synchronising();
        long limit = limitFor(ctx);
        if (size > limit - commandLiteralBytes) {
            refuse(ctx, size, limit, synchronising);
            return;
        }
        commandLiteralBytes += size;
        literalRemaining = size;
        ctx.fireChannelRead(takeLine());
    }

    private long limitFor(ChannelHandlerContext ctx) {
        ImapSession session = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        boolean signedIn = session != null && (session.getState() == ImapSessionState.AUTHENTICATED
            || session.getState() == ImapSessionState.SELECTED);
        return signedIn && commandName.equals("APPEND") ? limits.appendBytes() : limits.otherBytes();
    }

    private void refuse(ChannelHandlerContext ctx, long size, long limit, boolean synchronising) {
        line.release();
        line = null;
        String tag = commandTag;
        boolean append = commandName.equals("APPEND") && limit == limits.appendBytes();
        // James already holds the start of a command whose earlier literals went through: it cannot be finished.
        boolean midCommand = commandLiteralBytes > 0;
        endCommand();
        String answer = append
            ? tag + " NO [TOOBIG] The message (" + size + " bytes) is larger than this node accepts (" + limit + " bytes).\r\n"
            : tag + " BAD Literal of " + size + " bytes refused: at most " + limit + " bytes here"
                + (limit == limits.otherBytes() ? " (messages only with APPEND, once signed in)" : "") + ".\r\n";
        if (synchronising && !midCommand) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII));
        } else {
            String bye = "* BYE The command cannot go on without that literal; reconnect and send less.\r\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(answer + bye, StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void endCommand() {
        commandTag = null;
        commandName = null;
        commandLiteralBytes = 0;
    }

    private ByteBuf takeLine() {
        ByteBuf taken = line;
        line = null;
        return taken;
    }

    private record Literal(long size, boolean synchronising) {
    }

    /** The literal a line announces at its end ({@code {n}} or {@code {n+}} before CRLF), however many digits. */
    private static Literal literalAtEnd(ByteBuf line) {
        int at = line.writerIndex() - 1;
        int start = line.readerIndex();
        if (at < start || line.getByte(at) != '\n') {
            return null;
        }
        at--;
        if (at >= start && line.getByte(at) == '\r') {
            at--;
        }
        if (at < start || line.getByte(at) != '}') {
            return null;
        }
        at--;
        boolean synchronising = true;
        if (at >= start && line.getByte(at) == '+') {
            synchronising = false;
            at--;
        }
        long size = 0;
        long scale = 1;
        int digits = 0;
        for (; at >= start && line.getByte(at) >= '0' && line.getByte(at) <= '9'; at--, digits++) {
            if (digits < 18) {
                size += (line.getByte(at) - '0') * scale;
                scale *= 10;
            } else if (line.getByte(at) != '0') {
                size = Long.MAX_VALUE;
            }
        }
        if (digits == 0 || at < start || line.getByte(at) != '{') {
            return null;
        }
        return new Literal(size, synchronising);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (line != null) {
            line.release();
            line = null;
        }
    }
}
