package fr.mssnode.directory;

/** The MSSanté mailbox types of the national extraction. */
public enum MailboxType {
    /** A professional's personal mailbox. */
    PER,
    /** An organisation's mailbox (a ward, a secretariat). */
    ORG,
    /** An application's mailbox (a hospital information system). */
    APP,
    /** A practice's mailbox. */
    CAB
}
