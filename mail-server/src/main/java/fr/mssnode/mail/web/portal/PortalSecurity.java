package fr.mssnode.mail.web.portal;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.mail.NodeProperties;
import fr.mssnode.mail.web.security.AccountAuthentication;
import fr.mssnode.mail.web.security.SignInRefused;

/**
 * Sign-in to the web space: Spring Security's form login at {@code /login} ({@code username}, {@code password}),
 * checked by the same sign-in as the APIs (the node's throttle and trace), a session cookie (Secure, HttpOnly,
 * SameSite=Strict, see application.yml), CSRF tokens on every form, sign-out, and an idle timeout of 15 minutes for
 * professionals and 30 for patients ({@code node.web.*}), after which the next page says so. Patients reach {@code /espace/patient},
 * professionals and organisations {@code /espace/pro}.
 */
@Configuration(proxyBeanMethods = false)
public class PortalSecurity {
    @Bean
    @Order(0)
    SecurityFilterChain webSpace(HttpSecurity http, AuthenticationManager apiSignIn, NodeProperties node) throws Exception {
        Duration professionalIdle = node.getWeb().getProfessionalIdle();
        Duration patientIdle = node.getWeb().getPatientIdle();
        return http
            .securityMatcher("/login", "/logout", "/espace", "/espace/**")
            .authenticationManager(apiSignIn)
            .authorizeHttpRequests(requests -> requests
                .requestMatchers("/login").permitAll()
                .requestMatchers("/espace/patient", "/espace/patient/**").hasRole(AccountKind.PATIENT.name())
                .requestMatchers("/espace/pro", "/espace/pro/**").hasAnyRole(AccountKind.PROFESSIONAL.name(),
                    AccountKind.ORGANISATION.name())
                .anyRequest().authenticated())
            .formLogin(form -> form.loginPage("/login")
                .successHandler((request, response, signedIn) -> signedIn(request, response, signedIn, professionalIdle, patientIdle))
                .failureHandler(refusal()).permitAll())
            .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?deconnecte")
                .deleteCookies("MSSNODE_SESSION"))
            .sessionManagement(sessions -> sessions.invalidSessionUrl("/login?expiree"))
            // A document's readable page is shown in a frame of the space's own document page.
            .headers(headers -> headers.frameOptions(frames -> frames.sameOrigin()))
            .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, denied) ->
                response.sendError(HttpStatus.FORBIDDEN.value(), "Cet espace n'est pas le vôtre.")))
            .build();
    }

    /** To the account's own space, with its idle timeout. */
    private static void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication signedIn,
                                 Duration professionalIdle, Duration patientIdle) throws IOException {
        boolean patient = signedIn instanceof AccountAuthentication account && account.account().kind() == AccountKind.PATIENT;
        request.getSession().setMaxInactiveInterval((int) Math.max(1, (patient ? patientIdle : professionalIdle).toSeconds()));
        response.sendRedirect(patient ? "/espace/patient" : "/espace/pro");
    }

    /** Back to the form, saying why in French (wrong password, wait N s, locked, certificate only). */
    private static AuthenticationFailureHandler refusal() {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException refused) -> {
            String why = "mot-de-passe";
            long seconds = 0;
            if (refused instanceof SignInRefused signIn && signIn.status() == HttpStatus.TOO_MANY_REQUESTS) {
                why = signIn.getMessage().contains("locked") ? "verrou" : "attente";
                seconds = signIn.retryAfterSeconds();
            } else if (CertificateSignIn.PASSWORD_REFUSED.equals(refused.getMessage())) {
                why = "certificat";
            }
            response.sendRedirect("/login?erreur=" + why + (seconds > 0 ? "&secondes=" + seconds : ""));
        };
    }
}
