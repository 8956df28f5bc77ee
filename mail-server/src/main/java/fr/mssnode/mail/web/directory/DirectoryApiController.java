package fr.mssnode.mail.web.directory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import fr.mssnode.directory.AddressCheck;
import fr.mssnode.directory.Addresses;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.directory.Professional;
import fr.mssnode.directory.ProfessionalQuery;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.mail.web.ApiProblems.NotFound;

/**
 * The health directory for authenticated professionals: FHIR R4 Practitioner and PractitionerRole searches and
 * reads (shaped like the Annuaire Santé FHIR API), and the address lookup a mail client uses to find a
 * correspondent's S/MIME certificates.
 */
@RestController
public class DirectoryApiController {
    static final String FHIR_JSON = "application/fhir+json";
    private static final Set<String> PRACTITIONER_PARAMETERS = Set.of("name", "family", "given", "profession",
        "specialty", "address-city", "active", "_count", "_offset");

    private final DirectorySearch search;
    private final Certificates certificates;
    private final Directory directory;

    public DirectoryApiController(DirectorySearch search, Certificates certificates, Directory directory) {
        this.search = search;
        this.certificates = certificates;
        this.directory = directory;
    }

    /** Practitioners by name (accent- and case-free word prefixes), profession, specialty and city, a page at a time. */
    @GetMapping(path = "/fhir/Practitioner", produces = FHIR_JSON)
    public Map<String, Object> searchPractitioners(@RequestParam Map<String, String> parameters) {
        for (String parameter : parameters.keySet()) {
            if (!PRACTITIONER_PARAMETERS.contains(parameter)) {
                throw new DirectoryException("Unknown search parameter '" + parameter + "': use "
                    + String.join(", ", PRACTITIONER_PARAMETERS.stream().sorted().toList()) + ".");
            }
        }
        String active = parameters.getOrDefault("active", "true");
        if (!active.equals("true") && !active.equals("any")) {
            throw new DirectoryException("active is 'true' (default) or 'any', not '" + active + "'.");
        }
        int count = number(parameters, "_count", 20);
        int offset = number(parameters, "_offset", 0);
        ProfessionalQuery query = new ProfessionalQuery(parameters.get("name"), parameters.get("family"),
            parameters.get("given"), parameters.get("profession"), parameters.get("specialty"),
            parameters.get("address-city"), active.equals("true"), offset, count);
        DirectorySearch.Page<DirectorySearch.Listing> page = search.professionals(query);
        List<Object> entries = new ArrayList<>();
        for (DirectorySearch.Listing listing : page.items()) {
            entries.add(entry(listing.professional().nationalId(),
                FhirResources.practitioner(listing, Map.of(), false), "match"));
        }
        Map<String, Object> bundle = bundle(page.total(), entries);
        List<Object> links = new ArrayList<>();
        links.add(link("self", parameters, offset, count));
        if (offset > 0) {
            links.add(link("previous", parameters, Math.max(0, offset - count), count));
        }
        if (page.hasNext()) {
            links.add(link("next", parameters, offset + count, count));
        }
        bundle.put("link", links);
        bundle.put("entry", entries);
        return bundle;
    }

    /** One professional with practice sites (contained roles and organizations), mailboxes and certificates. */
    @GetMapping(path = "/fhir/Practitioner/{id}", produces = FHIR_JSON)
    public Map<String, Object> readPractitioner(@PathVariable("id") String id) {
        DirectorySearch.Listing listing = search.professional(id)
            .orElseThrow(() -> new NotFound("No professional with national id " + id + " in the directory."));
        return FhirResources.practitioner(listing, certificatesOf(listing.mailboxes()), true);
    }

    /** The practice sites of a professional, with their organizations included. */
    @GetMapping(path = "/fhir/PractitionerRole", produces = FHIR_JSON)
    public Map<String, Object> searchRoles(@RequestParam(name = "practitioner", required = false) String practitioner) {
        if (practitioner == null || practitioner.isBlank()) {
            throw new DirectoryException("Give the professional: practitioner=<national id>.");
        }
        String id = practitioner.startsWith("Practitioner/") ? practitioner.substring("Practitioner/".length()) : practitioner;
        List<Object> entries = new ArrayList<>();
        List<Object> included = new ArrayList<>();
        search.professional(id).ifPresent(listing -> {
            Professional p = listing.professional();
            for (int i = 0; i < p.activities().size(); i++) {
                String organizationId = p.nationalId() + "-org-" + i;
                entries.add(entry(p.nationalId() + "-" + i, FhirResources.role(p, i, "Practitioner/" + p.nationalId(),
                    "Organization/" + organizationId), "match"));
                included.add(entry(organizationId, FhirResources.organization(p.activities().get(i), organizationId), "include"));
            }
        });
        Map<String, Object> bundle = bundle(entries.size(), entries);
        entries.addAll(included);
        bundle.put("entry", entries);
        return bundle;
    }

    /**
     * Where an address stands and who is behind it: what a mail client asks before writing, and where it finds
     * the correspondent's S/MIME certificates (signing and encryption).
     */
    @GetMapping(path = "/api/directory/addresses/{address}", produces = "application/json")
    public Map<String, Object> lookup(@PathVariable("address") String address) {
        if (!Addresses.isValid(address)) {
            throw new DirectoryException("'" + address + "' is not an e-mail address.");
        }
        String normalized = Addresses.normalize(address);
        AddressCheck check = directory.check(normalized);
        java.util.Optional<Mailbox> mailbox = directory.mailbox(normalized);
        boolean local = directory.isLocalDomain(Addresses.domainOf(normalized));
        if (local && mailbox.isEmpty() && directory.findAccount(normalized).isEmpty()) {
            throw new NotFound("No mailbox " + normalized + " on this node or in the MSSanté directory.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("address", normalized);
        answer.put("status", check.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        answer.put("reason", check.reason());
        mailbox.ifPresent(m -> {
            Map<String, Object> listed = new LinkedHashMap<>();
            listed.put("type", m.type().name());
            listed.put("active", m.active());
            listed.put("structureName", m.structureName());
            listed.put("service", m.service());
            answer.put("mailbox", listed);
            m.ownerNationalId().flatMap(directory::professional).ifPresent(p -> {
                Map<String, Object> owner = new LinkedHashMap<>();
                owner.put("nationalId", p.nationalId());
                owner.put("name", p.displayName());
                owner.put("profession", p.professionLabel());
                owner.put("specialty", p.specialtyLabel());
                owner.put("active", p.active());
                owner.put("practitioner", "/fhir/Practitioner/" + p.nationalId());
                answer.put("owner", owner);
            });
        });
        List<Object> certificateList = new ArrayList<>();
        for (MailboxCertificate certificate : certificates.smimeFor(normalized)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("usage", certificate.usage().label());
            entry.put("subject", certificate.subject());
            entry.put("issuer", certificate.issuer());
            entry.put("serialNumber", certificate.serialNumber());
            entry.put("notBefore", certificate.notBefore().toString());
            entry.put("notAfter", certificate.notAfter().toString());
            entry.put("sha256", certificate.sha256());
            entry.put("pem", certificate.pem());
            certificateList.add(entry);
        }
        answer.put("certificates", certificateList);
        return answer;
    }

    private Map<String, List<MailboxCertificate>> certificatesOf(List<Mailbox> mailboxes) {
        Map<String, List<MailboxCertificate>> found = new HashMap<>();
        for (Mailbox mailbox : mailboxes) {
            found.put(mailbox.address(), certificates.smimeFor(mailbox.address()));
        }
        return found;
    }

    private static Map<String, Object> bundle(long total, List<Object> entries) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", total);
        return bundle;
    }

    private static Map<String, Object> entry(String id, Map<String, Object> resource, String mode) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("fullUrl", ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/fhir/" + resource.get("resourceType") + "/" + id).toUriString());
        entry.put("resource", resource);
        entry.put("search", Map.of("mode", mode));
        return entry;
    }

    private static Map<String, Object> link(String relation, Map<String, String> parameters, int offset, int count) {
        StringBuilder url = new StringBuilder(ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/fhir/Practitioner").toUriString()).append('?');
        parameters.forEach((name, value) -> {
            if (!name.equals("_offset") && !name.equals("_count")) {
                url.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        });
        url.append("_count=").append(count).append("&_offset=").append(offset);
        return FhirResources.ordered("relation", relation, "url", url.toString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int number(Map<String, String> parameters, String name, int byDefault) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new DirectoryException(name + " must be a whole number, not '" + value + "'.");
        }
    }
}
