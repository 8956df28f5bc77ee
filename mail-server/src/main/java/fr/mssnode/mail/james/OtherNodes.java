package fr.mssnode.mail.james;

/**
 * Whether other nodes write to this node's database (node.cluster.enabled): then what this node keeps beside the
 * database (its search indexes) must catch up with changes it did not make itself.
 */
public record OtherNodes(boolean present) {
}
