package fr.mssnode.mail.web;

import java.time.Clock;
import java.util.Set;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;

/**
 * The professional APIs (directory and dossier) require a professional or organisation account, the patient API a
 * patient's own account.
 */
@Configuration(proxyBeanMethods = false)
public class WebApiConfiguration {
    /** The APIs' JSON bodies are a few hundred bytes; 64 KB leaves room and nothing to abuse. */
    static final long MAX_BODY_BYTES = 64 * 1024;

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit() {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(MAX_BODY_BYTES));
        registration.addUrlPatterns("/*");
        registration.setName("requestBodyLimit");
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiAuthentication> apiAuthentication(Directory directory, SignInThrottle throttle, TokenSignIn tokens,
                                                                OperatorTrace trace) {
        FilterRegistrationBean<ApiAuthentication> registration = new FilterRegistrationBean<>(new ApiAuthentication(directory,
            throttle, tokens, trace, Clock.systemUTC(), Set.of(AccountKind.PROFESSIONAL, AccountKind.ORGANISATION), "Not for patient accounts",
            "The directory and dossier APIs are for health professionals and organisations: patients use /api/patient."));
        registration.addUrlPatterns("/fhir/*", "/api/directory/*", "/api/dossiers", "/api/dossiers/*");
        registration.setName("professionalApiAuthentication");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiAuthentication> patientApiAuthentication(Directory directory, SignInThrottle throttle, TokenSignIn tokens,
                                                                       OperatorTrace trace) {
        FilterRegistrationBean<ApiAuthentication> registration = new FilterRegistrationBean<>(new ApiAuthentication(directory,
            throttle, tokens, trace, Clock.systemUTC(), Set.of(AccountKind.PATIENT), "For patient accounts only",
            "The patient API is for a patient's own secure-inbox account (<INS>@patient.<domain>): professionals use"
                + " /api/dossiers."));
        registration.addUrlPatterns("/api/patient/*");
        registration.setName("patientApiAuthentication");
        return registration;
    }
}
