package fr.mssnode.mail.web;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.mssnode.directory.Directory;

/** The professional APIs (directory and dossier) require an authenticated professional account. */
@Configuration(proxyBeanMethods = false)
public class WebApiConfiguration {

    @Bean
    FilterRegistrationBean<ApiAuthentication> apiAuthentication(Directory directory) {
        FilterRegistrationBean<ApiAuthentication> registration =
            new FilterRegistrationBean<>(new ApiAuthentication(directory, Clock.systemUTC()));
        registration.addUrlPatterns("/fhir/*", "/api/directory/*", "/api/dossiers", "/api/dossiers/*");
        return registration;
    }
}
