package fr.mssnode.mail.oidc;

/**
 * An access token that does not open a mailbox, and why, in a sentence for the client. {@code temporary}: the
 * token could not be checked just now (the provider's keys unreachable); the client should try again.
 */
public final class TokenRefused extends Exception {
    private final boolean temporary;

    public TokenRefused(String sentence, boolean temporary) {
        super(sentence, null, false, false);
        this.temporary = temporary;
    }

    public boolean temporary() {
        return temporary;
    }
}
