package fr.mssnode.dossier.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.dossier.xdm.XdmDocument;

/** One document ready to be filed, whether it came as a CDA or as a file of an XDM package. */
public record DocumentToFile(Ins ins, InsOid oid, String birthName, String givenNames, Optional<LocalDate> birthDate,
                             Optional<String> sex, String documentUid, String setUid, int version, Optional<String> replacesUid,
                             String typeCode, String typeDisplay, String title, Optional<String> effectiveTime,
                             String confidentiality, Set<String> flags, Optional<String> authorId, String authorName,
                             Optional<String> custodian, String mediaType, byte[] content, String searchText,
                             List<CdaDocument.Fact> facts) {
    public static final String MASKED_FROM_PROFESSIONALS = "MASQUE_PS";
    public static final String INVISIBLE_TO_PATIENT = "INVISIBLE_PATIENT";
    public static final String INVISIBLE_TO_LEGAL_REPRESENTATIVES = "INVISIBLE_REPRESENTANTS_LEGAUX";

    /** A CDA document; {@code xdmCodes} are the confidentiality codes of its XDM entry, if it came in one. */
    public static DocumentToFile of(CdaDocument cda, byte[] bytes, List<String> xdmCodes) {
        String uid = cda.id().asString();
        return new DocumentToFile(cda.patient().ins(), cda.patient().oid(), cda.patient().birthName(), cda.patient().givenNames(),
            cda.patient().birthDate(), cda.patient().sex(), uid, cda.setId().map(CdaDocument.Identifier::asString).orElse(uid),
            cda.versionNumber(), cda.replaces().map(CdaDocument.Identifier::asString), cda.type().code(), cda.type().display(),
            cda.title(), cda.effectiveTime(), cda.confidentiality(), Set.copyOf(xdmCodes),
            cda.authors().get(0).nationalId(), cda.authors().get(0).name(), cda.custodian(), "text/xml", bytes, cda.text(),
            cda.facts());
    }

    /** A file of an XDM package that is not a CDA (a PDF): the metadata must identify the patient and the type. */
    public static DocumentToFile of(XdmDocument file, String sha256) throws FilingRejected {
        String matricule = file.patientIns().orElseThrow(() -> new FilingRejected(Reason.NO_INS,
            "the XDM metadata of " + file.path() + " has no patientId"));
        InsOid oid;
        Ins ins;
        try {
            oid = InsOid.parse(file.patientRoot().orElse(""));
        } catch (DirectoryException e) {
            throw new FilingRejected(Reason.UNKNOWN_PATIENT_ID_TYPE, e.getMessage());
        }
        try {
            ins = new Ins(matricule);
        } catch (DirectoryException e) {
            throw new FilingRejected(Reason.BAD_INS, e.getMessage());
        }
        String type = file.typeCode().filter(t -> !t.isBlank()).orElseThrow(() -> new FilingRejected(Reason.NOT_XDM,
            "the XDM metadata of " + file.path() + " has no typeCode"));
        String uid = "xdm-sha256:" + sha256;
        String title = file.title().orElse(file.path().substring(file.path().lastIndexOf('/') + 1));
        return new DocumentToFile(ins, oid, "", "", Optional.empty(), Optional.empty(), uid, uid, 1, Optional.empty(), type,
            file.typeDisplay().orElse(""), title, Optional.empty(), "N", Set.copyOf(file.confidentialityCodes()),
            file.authorNationalId(), "", Optional.empty(), file.mimeType().isBlank() ? "application/octet-stream" : file.mimeType(),
            file.content(), title + "\n" + file.typeDisplay().orElse(""), List.of());
    }
}
