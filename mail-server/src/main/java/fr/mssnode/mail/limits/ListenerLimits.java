package fr.mssnode.mail.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * Reads a listener's {@code <nodeLimits>} element (in smtpserver.xml and imapserver.xml, filled from the node's
 * {@code node.limits.*} settings): {@code connectionsPerAddress}, {@code exemptNetworks} (comma- or
 * space-separated), {@code lineDeadlineSeconds}.
 */
public final class ListenerLimits {
    private ListenerLimits() {
    }

    public static ConnectionLimits read(HierarchicalConfiguration<ImmutableNode> listener) throws ConfigurationException {
        try {
            List<Network> exempt = new ArrayList<>();
            for (String value : listener.getList(String.class, "nodeLimits.exemptNetworks", List.of())) {
                for (String network : value.split("[,\\s]+")) {
                    if (!network.isBlank()) {
                        exempt.add(Network.parse(network));
                    }
                }
            }
            return new ConnectionLimits(listener.getInt("nodeLimits.connectionsPerAddress", 0), exempt,
                Duration.ofSeconds(listener.getLong("nodeLimits.lineDeadlineSeconds", 60)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Listener limits: " + e.getMessage(), e);
        }
    }
}
