package fr.mssnode.mail;

/** The node's name among the nodes sharing a database: node.cluster.node-id, else node.hostname. */
public final class NodeName {
    private NodeName() {
    }

    public static String of(NodeProperties node) {
        String id = node.getCluster().getNodeId();
        return id.isBlank() ? node.getHostname() : id;
    }
}
