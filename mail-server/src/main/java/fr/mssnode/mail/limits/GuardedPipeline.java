package fr.mssnode.mail.limits;

import java.util.function.Consumer;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.ChannelHandlerFactory;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * A James listener's pipeline with the node's guards added: James's own initializer sets its handlers up (it does so
 * as soon as it is added to a channel, then leaves), and {@code guards} then adds ours where they belong.
 */
public final class GuardedPipeline {
    private GuardedPipeline() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static AbstractChannelPipelineFactory around(AbstractChannelPipelineFactory james, ChannelHandlerFactory framer,
                                                        EventExecutorGroup executors, Consumer<ChannelPipeline> guards) {
        return new AbstractChannelPipelineFactory(framer, executors) {
            @Override
            protected ChannelInboundHandlerAdapter createHandler() {
                throw new UnsupportedOperationException("James's own pipeline builds the protocol's handlers");
            }

            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(james);
                guards.accept(channel.pipeline());
            }
        };
    }
}
