package fr.mssnode.mail.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Checks an OpenID provider's access tokens: signed (RSA or EC, never unsigned nor with a shared secret) by one of
 * the keys the provider publishes, issued by it, for this node (audience), not expired nor used before its time
 * (a minute's tolerance), and carrying the professional's national identifier. The provider's description and keys
 * are fetched at the first token and kept (the keys refreshed as the provider rotates them).
 */
public class AccessTokens {
    private static final Set<JWSAlgorithm> SIGNATURES = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
        JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final ProviderSettings provider;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    public AccessTokens(ProviderSettings provider) {
        this.provider = provider;
    }

    public ProviderSettings provider() {
        return provider;
    }

    /** What a valid token says about its holder. */
    public record Holder(String nationalId, String subject, Instant expiresAt) {
    }

    public Holder verify(String token) throws TokenRefused {
        if (token == null || token.isBlank()) {
            throw new TokenRefused("No access token given.", false);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRefused("The access token is longer than " + MAX_TOKEN_LENGTH + " characters.", false);
        }
        JWTClaimsSet claims;
        try {
            claims = processor().process(token.trim(), null);
        } catch (ParseException e) {
            throw new TokenRefused("The access token is not a JWT: " + e.getMessage(), false);
        } catch (BadJWTException e) {
            throw new TokenRefused("The access token was refused: " + e.getMessage() + ".", false);
        } catch (BadJOSEException e) {
            throw new TokenRefused(signatureRefusal(token.trim(), e), false);
        } catch (RemoteKeySourceException e) {
            throw new TokenRefused("The identity provider's keys could not be read just now; try again in a minute.", true);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new TokenRefused("The access token's signature could not be checked: " + e.getMessage(), false);
        }
        Object nationalId = claims.getClaim(provider.nationalIdClaim());
        if (!(nationalId instanceof String id) || id.isBlank()) {
            throw new TokenRefused("The access token has no national identifier (claim '" + provider.nationalIdClaim()
                + "').", false);
        }
        return new Holder(id.trim(), claims.getSubject(), claims.getExpirationTime().toInstant());
    }

    /** Why a token's signature was refused, said in the terms of the token itself where they explain it. */
    private String signatureRefusal(String token, BadJOSEException e) {
        try {
            JWT unverified = JWTParser.parse(token);
            if (unverified instanceof PlainJWT) {
                return "The access token is unsigned: only tokens signed by " + provider.issuer() + " are taken.";
            }
            String issuer = unverified.getJWTClaimsSet().getIssuer();
            if (issuer != null && !issuer.equals(provider.issuer())) {
                return "The access token was issued by " + issuer + ", not by " + provider.issuer() + ".";
            }
        } catch (ParseException unreadable) {
            return "The access token is not a JWT: " + unreadable.getMessage();
        }
        return "The access token was refused: " + e.getMessage() + " (it must be signed by one of the keys of "
            + provider.issuer() + ").";
    }

    private DefaultJWTProcessor<SecurityContext> processor() throws TokenRefused {
        DefaultJWTProcessor<SecurityContext> ready = processor;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (processor == null) {
                URI jwks = provider.jwksUri().isPresent() ? provider.jwksUri().get() : discoverKeys();
                JWKSource<SecurityContext> keys;
                try {
                    URL url = jwks.toURL();
                    keys = JWKSourceBuilder.<SecurityContext>create(url).retrying(true).build();
                } catch (IOException | IllegalArgumentException e) {
                    throw new TokenRefused("The identity provider's key address " + jwks + " is not usable.", true);
                }
                DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
                built.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                    new JOSEObjectType("at+jwt"), null));
                built.setJWSKeySelector(new JWSVerificationKeySelector<>(SIGNATURES, keys));
                built.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(provider.audience(),
                    new JWTClaimsSet.Builder().issuer(provider.issuer()).build(), Set.of("exp", provider.nationalIdClaim())));
                processor = built;
            }
            return processor;
        }
    }

    /** The provider's key set address, from its discovery document, which must name the configured issuer. */
    private URI discoverKeys() throws TokenRefused {
        URI discovery = provider.discoveryUri();
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new TokenRefused("The identity provider answered " + answer.statusCode() + " at " + discovery
                    + "; try again in a minute.", true);
            }
            Map<String, Object> document = JSONObjectUtils.parse(answer.body());
            if (!provider.issuer().equals(document.get("issuer"))) {
                throw new TokenRefused("The identity provider at " + discovery + " says its issuer is "
                    + document.get("issuer") + ", not " + provider.issuer() + ".", true);
            }
            Object keys = document.get("jwks_uri");
            if (!(keys instanceof String uri)) {
                throw new TokenRefused("The identity provider at " + discovery + " publishes no jwks_uri.", true);
            }
            return URI.create(uri);
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new TokenRefused("The identity provider could not be reached at " + discovery + " (" + e.getMessage()
                + "); try again in a minute.", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefused("Interrupted while reaching the identity provider.", true);
        }
    }
}
