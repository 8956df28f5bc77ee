package fr.mssnode.dossier.inbox;

/**
 * Where the dossier's letters leave: the node's mail spool. {@link #send} returns once the letter is durably queued
 * (it is then delivered like any message, exactly once to a local mailbox).
 */
public interface Outbox {
    void send(Letter letter);
}
