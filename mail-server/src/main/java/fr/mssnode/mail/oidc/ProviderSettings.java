package fr.mssnode.mail.oidc;

import java.net.URI;
import java.util.Optional;

/**
 * The OpenID provider whose access tokens open mailboxes (Pro Santé Connect, or a hospital's own): its issuer
 * (the {@code iss} of its tokens; its keys found through {@code <issuer>/.well-known/openid-configuration} unless
 * {@code jwksUri} is given), the audience our node is registered as, and the claim that carries the professional's
 * national identifier ({@code 8} + RPPS, as the directory has it).
 */
public record ProviderSettings(String issuer, String audience, String nationalIdClaim, Optional<URI> jwksUri, String scope) {

    public ProviderSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("node.oidc.issuer is empty: token sign-in is off");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("node.oidc.audience must name this node's client id at " + issuer);
        }
        if (nationalIdClaim == null || nationalIdClaim.isBlank()) {
            throw new IllegalArgumentException("node.oidc.national-id-claim must name a claim");
        }
        issuer = issuer.trim();
        scope = scope == null || scope.isBlank() ? "openid" : scope.trim();
    }

    /** Where the provider describes itself (RFC 8414 / OpenID Connect Discovery). */
    public URI discoveryUri() {
        return URI.create((issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
            + "/.well-known/openid-configuration");
    }
}
