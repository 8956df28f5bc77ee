package fr.mssnode.dossier.bridge;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.dossier.store.DocumentToFile;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.dossier.xdm.XdmDocument;
import fr.mssnode.dossier.xdm.XdmReader;

/**
 * Where a message's attachments enter the dossier. It knows nothing of mail: the caller hands it an attachment's
 * bytes, declared media type and name, and the message's envelope facts. Raw CDA (text/xml, application/xml,
 * application/hl7-cda+xml holding a ClinicalDocument) and IHE XDM ZIPs are filed; anything else is not for the
 * dossier and yields nothing.
 */
public class DossierBridge {
    private static final Set<String> XML_TYPES = Set.of("text/xml", "application/xml", "application/hl7-cda+xml");

    private final CdaParser parser;
    private final XdmReader xdm;
    private final DossierStore store;

    public DossierBridge(DossierStore store) {
        this.parser = new CdaParser();
        this.xdm = new XdmReader();
        this.store = store;
    }

    /** Whether an attachment is a candidate for the dossier, from its declared type and name. */
    public static boolean isCandidate(String mediaType, String fileName) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return XML_TYPES.contains(type) || type.equals("application/zip") || type.equals("application/x-zip-compressed")
            || name.endsWith(".xml") || name.endsWith(".zip");
    }

    public List<AttachmentOutcome> fileAttachment(byte[] bytes, String mediaType, String fileName, Filing filing)
        throws SQLException {
        String name = fileName == null || fileName.isBlank() ? "(unnamed " + mediaType + ")" : fileName;
        if (XdmReader.looksLikeZip(bytes)) {
            return filePackage(bytes, name, filing);
        }
        if (!CdaParser.looksLikeCda(bytes)) {
            return List.of(); // an XML attachment that is not a clinical document: delivered, not filed
        }
        try {
            CdaDocument document = parser.parse(bytes);
            return List.of(AttachmentOutcome.filed(name, store.file(DocumentToFile.of(document, bytes, List.of()), filing)));
        } catch (FilingRejected rejected) {
            return List.of(AttachmentOutcome.refused(name, rejected));
        }
    }

    private List<AttachmentOutcome> filePackage(byte[] zip, String name, Filing filing) throws SQLException {
        List<XdmDocument> documents;
        try {
            documents = xdm.read(zip);
        } catch (FilingRejected rejected) {
            if (rejected.reason() == Reason.NOT_XDM) {
                return List.of(); // a ZIP that is not an XDM package is not for the dossier
            }
            return List.of(AttachmentOutcome.refused(name, rejected));
        }
        List<AttachmentOutcome> outcomes = new ArrayList<>();
        for (XdmDocument document : documents) {
            String label = name + "/" + document.path().substring(document.path().lastIndexOf('/') + 1);
            try {
                DocumentToFile toFile = CdaParser.looksLikeCda(document.content())
                    ? DocumentToFile.of(parser.parse(document.content()), document.content(), document.confidentialityCodes())
                    : DocumentToFile.of(document, DossierStore.sha256(document.content()));
                outcomes.add(AttachmentOutcome.filed(label, store.file(toFile, filing)));
            } catch (FilingRejected rejected) {
                outcomes.add(AttachmentOutcome.refused(label, rejected));
            }
        }
        return outcomes;
    }
}
