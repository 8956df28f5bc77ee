package fr.mssnode.mail.web.directory;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fr.mssnode.directory.Activity;
import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.directory.Professional;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.directory.trust.X509Files;

/**
 * The directory in FHIR R4 JSON, shaped like the Annuaire Santé FHIR API: a professional is a Practitioner
 * (national id, names, profession and specialty as qualifications, MSSanté mailboxes as e-mail telecoms), each
 * practice site a PractitionerRole and its structure an Organization. Built as ordered maps so the JSON keeps
 * FHIR's element order and leaves out what is empty.
 */
final class FhirResources {
    static final String NATIONAL_ID_PP = "urn:oid:1.2.250.1.71.4.2.1";
    static final String NATIONAL_ID_STRUCTURE = "urn:oid:1.2.250.1.71.4.2.2";
    /** TRE_G15 ProfessionSante and TRE_R38 SpecialiteOrdinale of the NOS. */
    static final String PROFESSION_SYSTEM = "urn:oid:1.2.250.1.71.1.2.7";
    static final String SPECIALTY_SYSTEM = "urn:oid:1.2.250.1.71.4.2.5";
    /** The role codes as the Annuaire Santé extract gives them ("Code rôle"). */
    static final String ROLE_SYSTEM = "https://mss-node.fr/fhir/CodeSystem/annuaire-sante-role";
    /** This node's own extensions: the MSSanté mailbox type and the S/MIME certificates of a mailbox. */
    static final String EXTENSIONS = "https://mss-node.fr/fhir/StructureDefinition/";

    private FhirResources() {
    }

    static Map<String, Object> practitioner(DirectorySearch.Listing listing, Map<String, List<MailboxCertificate>> certificates,
                                            boolean withRoles) {
        Professional p = listing.professional();
        Map<String, Object> practitioner = new LinkedHashMap<>();
        practitioner.put("resourceType", "Practitioner");
        practitioner.put("id", p.nationalId());
        if (withRoles && !p.activities().isEmpty()) {
            List<Object> contained = new ArrayList<>();
            for (int i = 0; i < p.activities().size(); i++) {
                contained.add(role(p, i, "#", "#org-" + i));
                contained.add(organization(p.activities().get(i), "org-" + i));
            }
            practitioner.put("contained", contained);
        }
        practitioner.put("identifier", List.of(ordered("system", NATIONAL_ID_PP, "value", p.nationalId(),
            "type", codeable("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", "IDNPS",
                p.isRpps() ? "Identifiant national PS (RPPS)" : "Identifiant national PS (ADELI)"))));
        practitioner.put("active", p.active());
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("use", "official");
        name.put("family", p.lastName());
        putIfPresent(name, "given", p.firstName() == null || p.firstName().isBlank() ? null : List.of(p.firstName()));
        putIfPresent(name, "prefix", blank(p.title()) ? null : List.of(p.title()));
        practitioner.put("name", List.of(name));
        List<Object> telecom = new ArrayList<>();
        for (Mailbox mailbox : listing.mailboxes()) {
            if (!mailbox.active()) {
                continue; // removed from the MSSanté extraction: no longer a way to reach them
            }
            telecom.add(mailboxTelecom(mailbox, certificates.getOrDefault(mailbox.address(), List.of())));
        }
        putIfPresent(practitioner, "telecom", telecom.isEmpty() ? null : telecom);
        List<Object> qualifications = new ArrayList<>();
        if (!blank(p.professionCode())) {
            qualifications.add(Map.of("code", codeable(PROFESSION_SYSTEM, p.professionCode(), p.professionLabel())));
        }
        if (!blank(p.specialtyCode())) {
            qualifications.add(Map.of("code", codeable(SPECIALTY_SYSTEM, p.specialtyCode(), p.specialtyLabel())));
        }
        putIfPresent(practitioner, "qualification", qualifications.isEmpty() ? null : qualifications);
        return practitioner;
    }

    /** Practice site {@code index} of a professional; references are local (#) or absolute. */
    static Map<String, Object> role(Professional p, int index, String practitionerReference, String organizationReference) {
        Activity site = p.activities().get(index);
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("resourceType", "PractitionerRole");
        role.put("id", practitionerReference.equals("#") ? "role-" + index : p.nationalId() + "-" + index);
        role.put("active", p.active());
        role.put("practitioner", Map.of("reference", practitionerReference));
        role.put("organization", Map.of("reference", organizationReference));
        if (!blank(site.roleCode()) || !blank(site.roleLabel())) {
            role.put("code", List.of(codeable(ROLE_SYSTEM, site.roleCode(), site.roleLabel())));
        }
        List<Object> telecom = new ArrayList<>();
        if (!blank(site.phone())) {
            telecom.add(ordered("system", "phone", "value", site.phone(), "use", "work"));
        }
        if (!blank(site.email())) {
            telecom.add(ordered("system", "email", "value", site.email(), "use", "work"));
        }
        putIfPresent(role, "telecom", telecom.isEmpty() ? null : telecom);
        return role;
    }

    static Map<String, Object> organization(Activity site, String id) {
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("resourceType", "Organization");
        organization.put("id", id);
        List<Object> identifiers = new ArrayList<>();
        if (!blank(site.finess())) {
            identifiers.add(ordered("system", NATIONAL_ID_STRUCTURE, "value", "1" + site.finess()));
        }
        if (!blank(site.siret())) {
            identifiers.add(ordered("system", NATIONAL_ID_STRUCTURE, "value", "3" + site.siret()));
        }
        putIfPresent(organization, "identifier", identifiers.isEmpty() ? null : identifiers);
        putIfPresent(organization, "name", blank(site.structureName()) ? null : site.structureName());
        Map<String, Object> address = new LinkedHashMap<>();
        putIfPresent(address, "line", blank(site.address()) ? null : List.of(site.address()));
        putIfPresent(address, "city", blank(site.city()) ? null : site.city());
        putIfPresent(address, "postalCode", blank(site.postcode()) ? null : site.postcode());
        if (!address.isEmpty()) {
            address.put("country", "FR");
            organization.put("address", List.of(address));
        }
        return organization;
    }

    static Map<String, Object> mailboxTelecom(Mailbox mailbox, List<MailboxCertificate> certificates) {
        Map<String, Object> telecom = new LinkedHashMap<>();
        List<Object> extensions = new ArrayList<>();
        extensions.add(ordered("url", EXTENSIONS + "mssante-mailbox-type", "valueCode", mailbox.type().name()));
        for (MailboxCertificate certificate : certificates) {
            extensions.add(ordered("url", EXTENSIONS + "smime-certificate", "extension", List.of(
                ordered("url", "usage", "valueCode", certificate.usage().label()),
                ordered("url", "notAfter", "valueDateTime", certificate.notAfter().toString()),
                ordered("url", "certificate", "valueBase64Binary", Base64.getEncoder().encodeToString(
                    X509Files.der(X509Files.read(certificate.pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "stored certificate").get(0)))))));
        }
        telecom.put("extension", extensions);
        telecom.put("system", "email");
        telecom.put("value", mailbox.address());
        telecom.put("use", "work");
        return telecom;
    }

    static Map<String, Object> codeable(String system, String code, String display) {
        Map<String, Object> coding = new LinkedHashMap<>();
        coding.put("system", system);
        putIfPresent(coding, "code", blank(code) ? null : code);
        putIfPresent(coding, "display", blank(display) ? null : display);
        return Map.of("coding", List.of(coding));
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
