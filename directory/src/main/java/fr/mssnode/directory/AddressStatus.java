package fr.mssnode.directory;

/** Where an e-mail address stands with respect to this node's directory. */
public enum AddressStatus {
    /** A mailbox of this node, open. */
    LOCAL_ACTIVE,
    /** A mailbox of this node that has been deactivated. */
    LOCAL_INACTIVE,
    /** An account of this node whose mailbox is not (or no longer) listed in the MSSanté extraction. */
    LOCAL_NOT_LISTED,
    /** An account of this node whose mailbox or owner the directory import deactivated. */
    LOCAL_DELISTED,
    /** One of our domains, but no such mailbox. */
    LOCAL_UNKNOWN,
    /** The domain of a trusted operator. */
    TRUSTED_REMOTE,
    /** Anyone else: never reachable through this node. */
    UNTRUSTED_REMOTE,
    /** Not an e-mail address at all. */
    MALFORMED
}
