package fr.mssnode.mail.web.security;

import java.time.Clock;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;

import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-in on the HTTPS APIs, with Spring Security: HTTP Basic for scripts (the node account's address and password)
 * and bearer access tokens as an OAuth2 resource server, both through the same throttle as the mail protocols.
 * The professional APIs (directory, FHIR, dossiers) admit professionals and organisations, the patient API patients'
 * own accounts. The APIs keep no session (every request signs in; no cookie, hence no CSRF token); the rest (the
 * status page) is open.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class ApiSecurity {
    private static final String[] PROFESSIONAL_APIS = {"/fhir/**", "/api/directory/**", "/api/dossiers", "/api/dossiers/**"};
    private static final String[] PATIENT_API = {"/api/patient", "/api/patient/**"};

    @Bean
    AuthenticationManager apiSignIn(Directory directory, SignInThrottle throttle, TokenSignIn tokens, OperatorTrace trace) {
        return new ProviderManager(new HttpPasswordSignIn(directory, throttle, trace, Clock.systemUTC()),
            new HttpTokenSignIn(tokens, directory, trace, Clock.systemUTC()));
    }

    @Bean
    @Order(1)
    SecurityFilterChain professionalApis(HttpSecurity http, AuthenticationManager apiSignIn, TokenSignIn tokens, JsonMapper json)
            throws Exception {
        ProblemAnswers answers = new ProblemAnswers(json, tokens.enabled(), "Not for patient accounts",
            "The directory and dossier APIs are for health professionals and organisations: patients use /api/patient.");
        return api(http.securityMatcher(PROFESSIONAL_APIS), apiSignIn, answers)
            .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyRole(AccountKind.PROFESSIONAL.name(),
                AccountKind.ORGANISATION.name()))
            .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain patientApi(HttpSecurity http, AuthenticationManager apiSignIn, TokenSignIn tokens, JsonMapper json)
            throws Exception {
        ProblemAnswers answers = new ProblemAnswers(json, tokens.enabled(), "For patient accounts only",
            "The patient API is for a patient's own secure-inbox account (<INS>@patient.<domain>): professionals use"
                + " /api/dossiers.");
        return api(http.securityMatcher(PATIENT_API), apiSignIn, answers)
            .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(AccountKind.PATIENT.name()))
            .build();
    }

    /**
     * The management port's endpoints (health, metrics, backup): no session, no CSRF token (they are called by
     * probes, Prometheus and the command line, never by a browser); the backup checks its own token.
     */
    @Bean
    @Order(-1)
    SecurityFilterChain managementEndpoints(HttpSecurity http) throws Exception {
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(csrf -> csrf.disable())
            .requestCache(cache -> cache.disable())
            .build();
    }

    /** Everything else (the status page, API documentation): open, with Spring Security's protective headers. */
    @Bean
    @Order(3)
    SecurityFilterChain openPages(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }

    private static HttpSecurity api(HttpSecurity http, AuthenticationManager signIn, ProblemAnswers answers) throws Exception {
        return http
            .authenticationManager(signIn)
            .httpBasic(basic -> basic.authenticationEntryPoint(answers))
            .oauth2ResourceServer(resource -> resource
                .authenticationManagerResolver(request -> signIn)
                .authenticationEntryPoint(answers)
                .accessDeniedHandler(answers))
            .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(answers).accessDeniedHandler(answers))
            .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(csrf -> csrf.disable())
            .requestCache(cache -> cache.disable());
    }
}
