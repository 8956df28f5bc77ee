package fr.mssnode.mail.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Limits on what the HTTPS APIs read (sign-in is {@link fr.mssnode.mail.web.security.ApiSecurity}'s). */
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
}
