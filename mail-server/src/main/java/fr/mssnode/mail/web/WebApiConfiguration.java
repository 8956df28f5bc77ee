package fr.mssnode.mail.web;

import java.time.Clock;
import java.util.Set;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Directory;

/**
 * The professional APIs (directory and dossier) require a professional or organisation account, the patient API a
 * patient's own account.
 */
@Configuration(proxyBeanMethods = false)
public class WebApiConfiguration {

    @Bean
    FilterRegistrationBean<ApiAuthentication> apiAuthentication(Directory directory) {
        FilterRegistrationBean<ApiAuthentication> registration = new FilterRegistrationBean<>(new ApiAuthentication(directory,
            Clock.systemUTC(), Set.of(AccountKind.PROFESSIONAL, AccountKind.ORGANISATION), "Not for patient accounts",
            "The directory and dossier APIs are for health professionals and organisations: patients use /api/patient."));
        registration.addUrlPatterns("/fhir/*", "/api/directory/*", "/api/dossiers", "/api/dossiers/*");
        registration.setName("professionalApiAuthentication");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiAuthentication> patientApiAuthentication(Directory directory) {
        FilterRegistrationBean<ApiAuthentication> registration = new FilterRegistrationBean<>(new ApiAuthentication(directory,
            Clock.systemUTC(), Set.of(AccountKind.PATIENT), "For patient accounts only",
            "The patient API is for a patient's own secure-inbox account (<INS>@patient.<domain>): professionals use"
                + " /api/dossiers."));
        registration.addUrlPatterns("/api/patient/*");
        registration.setName("patientApiAuthentication");
        return registration;
    }
}
