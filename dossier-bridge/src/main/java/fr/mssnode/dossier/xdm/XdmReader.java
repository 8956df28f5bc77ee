package fr.mssnode.dossier.xdm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;


import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import fr.mssnode.directory.io.CountingInputStream;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.dossier.xml.SafeXml;

/**
 * Unpacks an IHE XDM ZIP (IHE_XDM/&lt;subset&gt;/METADATA.XML beside its documents) as hostile input: bounded
 * entry count, per-entry and total sizes counted while inflating (declared sizes are not trusted), compression
 * ratio, no absolute or parent paths; the metadata is read with the same secure XML settings as CDA. The subset
 * folder's name is read from the package, never assumed.
 */
public final class XdmReader {
    private static final String RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    private static final String PATIENT_ID_SCHEME = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    private static final String TYPE_CODE_SCHEME = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
    private static final String CONFIDENTIALITY_SCHEME = "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f";
    private static final String AUTHOR_SCHEME = "urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d";

    /** Limits of one package. */
    public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio) {
        public static final Limits DEFAULT = new Limits(1000, 50L * 1024 * 1024, 100L * 1024 * 1024, 100);
    }

    private final Limits limits;

    public XdmReader(Limits limits) {
        this.limits = limits;
    }

    public XdmReader() {
        this(Limits.DEFAULT);
    }

    /** True when the bytes are a ZIP (local file header signature). */
    public static boolean looksLikeZip(byte[] bytes) {
        return bytes.length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }

    public List<XdmDocument> read(byte[] zip) throws FilingRejected {
        Map<String, byte[]> files = unpack(zip);
        List<String> metadataFiles = files.keySet().stream()
            .filter(name -> name.toUpperCase(Locale.ROOT).matches("IHE_XDM/[^/]+/METADATA\\.XML")).sorted().toList();
        if (metadataFiles.isEmpty()) {
            throw new FilingRejected(Reason.NOT_XDM, "no IHE_XDM/<subset>/METADATA.XML in the package");
        }
        List<XdmDocument> documents = new ArrayList<>();
        for (String metadataFile : metadataFiles) {
            String folder = metadataFile.substring(0, metadataFile.lastIndexOf('/') + 1);
            Element root = secureXml(files.get(metadataFile), metadataFile).getDocumentElement();
            NodeList entries = root.getElementsByTagNameNS(RIM, "ExtrinsicObject");
            for (int i = 0; i < entries.getLength(); i++) {
                documents.add(document((Element) entries.item(i), folder, files));
            }
        }
        if (documents.isEmpty()) {
            throw new FilingRejected(Reason.NOT_XDM, "the metadata lists no document");
        }
        return documents;
    }

    private static XdmDocument document(Element entry, String folder, Map<String, byte[]> files) throws FilingRejected {
        String uri = slot(entry, "URI").orElseThrow(() -> new FilingRejected(Reason.NOT_XDM,
            "a document entry has no URI slot"));
        String path = folder + uri;
        if (!safePath(uri) || !files.containsKey(path)) {
            // Names are compared as written; some packages upper-case them.
            Optional<String> sameName = files.keySet().stream().filter(name -> name.equalsIgnoreCase(path)).findFirst();
            if (!safePath(uri) || sameName.isEmpty()) {
                throw new FilingRejected(Reason.MISSING_FILE, uri);
            }
            return document(entry, sameName.get(), files.get(sameName.get()));
        }
        return document(entry, path, files.get(path));
    }

    private static XdmDocument document(Element entry, String path, byte[] content) {
        Optional<String> patientId = Optional.empty();
        NodeList identifiers = entry.getElementsByTagNameNS(RIM, "ExternalIdentifier");
        for (int i = 0; i < identifiers.getLength(); i++) {
            Element identifier = (Element) identifiers.item(i);
            if (PATIENT_ID_SCHEME.equals(identifier.getAttribute("identificationScheme"))) {
                patientId = Optional.of(identifier.getAttribute("value"));
            }
        }
        // CX: <matricule>^^^&<root>&ISO^NH
        Optional<String> ins = patientId.map(cx -> cx.split("\\^", -1)[0]).filter(s -> !s.isBlank());
        Optional<String> root = patientId.map(cx -> cx.split("\\^", -1)).filter(parts -> parts.length > 3)
            .map(parts -> parts[3].split("&", -1)).filter(parts -> parts.length > 1).map(parts -> parts[1]);
        Optional<String> typeCode = Optional.empty();
        Optional<String> typeDisplay = Optional.empty();
        Optional<String> author = Optional.empty();
        List<String> confidentiality = new ArrayList<>();
        NodeList classifications = entry.getElementsByTagNameNS(RIM, "Classification");
        for (int i = 0; i < classifications.getLength(); i++) {
            Element classification = (Element) classifications.item(i);
            String scheme = classification.getAttribute("classificationScheme");
            if (TYPE_CODE_SCHEME.equals(scheme)) {
                typeCode = Optional.of(classification.getAttribute("nodeRepresentation"));
                typeDisplay = name(classification);
            } else if (CONFIDENTIALITY_SCHEME.equals(scheme)) {
                confidentiality.add(classification.getAttribute("nodeRepresentation"));
            } else if (AUTHOR_SCHEME.equals(scheme)) {
                author = slot(classification, "authorPerson").map(xcn -> xcn.split("\\^", -1)[0]).filter(s -> !s.isBlank());
            }
        }
        return new XdmDocument(path, entry.getAttribute("mimeType"), content, ins, root, typeCode, typeDisplay, name(entry),
            author, List.copyOf(confidentiality));
    }

    private static Optional<String> slot(Element parent, String slotName) {
        NodeList slots = parent.getElementsByTagNameNS(RIM, "Slot");
        for (int i = 0; i < slots.getLength(); i++) {
            Element slot = (Element) slots.item(i);
            if (slotName.equals(slot.getAttribute("name")) && slot.getParentNode() == parent) {
                NodeList values = slot.getElementsByTagNameNS(RIM, "Value");
                if (values.getLength() > 0) {
                    return Optional.of(values.item(0).getTextContent().trim());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> name(Element parent) {
        for (org.w3c.dom.Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && "Name".equals(element.getLocalName())) {
                NodeList strings = element.getElementsByTagNameNS(RIM, "LocalizedString");
                if (strings.getLength() > 0) {
                    return Optional.of(((Element) strings.item(0)).getAttribute("value"));
                }
            }
        }
        return Optional.empty();
    }

    /** Every entry, inflated under the limits; a path that could leave the package refuses it whole. */
    private Map<String, byte[]> unpack(byte[] zip) throws FilingRejected {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        int count = 0;
        // Compressed bytes consumed are counted here: the sizes an entry declares are not trusted (often absent).
        CountingInputStream consumed = new CountingInputStream(new ByteArrayInputStream(zip));
        try (ZipInputStream in = new ZipInputStream(consumed)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++count > limits.maxEntries()) {
                    throw new FilingRejected(Reason.UNSAFE_ZIP, "more than " + limits.maxEntries() + " entries");
                }
                String name = entry.getName();
                if (!safePath(name)) {
                    throw new FilingRejected(Reason.UNSAFE_ZIP, "entry '" + name + "' would be written outside the package");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = inflate(in, name, consumed);
                total += content.length;
                if (total > limits.maxTotalBytes()) {
                    throw new FilingRejected(Reason.UNSAFE_ZIP, "more than " + limits.maxTotalBytes() / (1024 * 1024)
                        + " MB once unpacked");
                }
                files.put(name, content);
            }
        } catch (IOException e) {
            throw new FilingRejected(Reason.UNSAFE_ZIP, "not a readable ZIP file (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            // An entry name that is not UTF-8 (a Windows tool's code page without the UTF-8 flag).
            throw new FilingRejected(Reason.UNSAFE_ZIP, "an entry name of the ZIP file is not UTF-8 (" + e.getMessage()
                + "): the package must be written with UTF-8 names, as IHE XDM asks");
        }
        if (count == 0) {
            throw new FilingRejected(Reason.NOT_XDM, "the ZIP file is empty");
        }
        return files;
    }

    private byte[] inflate(InputStream in, String name, CountingInputStream consumed) throws IOException, FilingRejected {
        long compressedStart = consumed.count();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            read += n;
            if (read > limits.maxEntryBytes()) {
                throw new FilingRejected(Reason.UNSAFE_ZIP, "entry '" + name + "' is larger than "
                    + limits.maxEntryBytes() / (1024 * 1024) + " MB once unpacked");
            }
            // A tiny compressed entry that inflates enormously is a ZIP bomb; small files are allowed some slack.
            if (read > 1024 * 1024 && read / Math.max(1, consumed.count() - compressedStart) > limits.maxRatio()) {
                throw new FilingRejected(Reason.UNSAFE_ZIP, "entry '" + name + "' inflates more than "
                    + limits.maxRatio() + " times (a ZIP bomb?)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static boolean safePath(String name) {
        return !name.isEmpty() && !name.startsWith("/") && !name.startsWith("\\") && !name.contains("\\")
            && !name.matches("^[A-Za-z]:.*") && !java.util.Arrays.asList(name.split("/")).contains("..")
            && name.indexOf('\0') < 0;
    }

    private static Document secureXml(byte[] bytes, String what) throws FilingRejected {
        try {
            return SafeXml.parse(bytes);
        } catch (Exception e) {
            throw new FilingRejected(Reason.NOT_XDM, what + " is not readable XML (" + e.getMessage() + ")");
        }
    }
}
