package fr.mssnode.dossier.synthetic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes IHE XDM packages (IHE_XDM/&lt;subset&gt;/METADATA.XML, the documents, INDEX.HTM, README.TXT) with an
 * ebRIM submission set as the French MSSanté guides describe it. Synthetic content, for tests and benchmarks.
 */
public final class XdmBuilder {
    private record Entry(String fileName, String mimeType, byte[] content, String typeCode, String typeDisplay, String title,
                         List<String> confidentiality, boolean listed, boolean stored) {
    }

    private final String subset;
    private final String ins;
    private final String insRoot;
    private final String authorNationalId;
    private final List<Entry> entries = new ArrayList<>();
    private final List<String[]> extraFiles = new ArrayList<>();

    public XdmBuilder(String subsetFolder, String insMatricule, String insRoot, String authorNationalId) {
        this.subset = subsetFolder;
        this.ins = insMatricule;
        this.insRoot = insRoot;
        this.authorNationalId = authorNationalId;
    }

    public XdmBuilder document(String fileName, String mimeType, byte[] content, String typeCode, String typeDisplay,
                               String title, String... confidentialityCodes) {
        entries.add(new Entry(fileName, mimeType, content, typeCode, typeDisplay, title, List.of(confidentialityCodes), true, true));
        return this;
    }

    /** Listed in the metadata but not in the package (a broken package). */
    public XdmBuilder missingDocument(String fileName) {
        entries.add(new Entry(fileName, "text/xml", new byte[0], "11490-0", "Lettre de liaison", "Absent", List.of("N"), true, false));
        return this;
    }

    /** Any extra entry, as named (tests use it for hostile names). */
    public XdmBuilder rawEntry(String name, String content) {
        extraFiles.add(new String[] {name, content});
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "INDEX.HTM", "<html><body>Documents transmis par messagerie sécurisée de santé</body></html>".getBytes(StandardCharsets.UTF_8));
            put(zip, "README.TXT", "Paquet IHE XDM (synthétique).".getBytes(StandardCharsets.UTF_8));
            put(zip, "IHE_XDM/" + subset + "/METADATA.XML", metadata().getBytes(StandardCharsets.UTF_8));
            for (Entry entry : entries) {
                if (entry.stored()) {
                    put(zip, "IHE_XDM/" + subset + "/" + entry.fileName(), entry.content());
                }
            }
            for (String[] extra : extraFiles) {
                put(zip, extra[0], extra[1].getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private String metadata() {
        String patientId = ins + "^^^&amp;" + insRoot + "&amp;ISO^NH";
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lcm:SubmitObjectsRequest"
            + " xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\" xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">"
            + "<rim:RegistryObjectList>");
        int n = 0;
        for (Entry entry : entries) {
            String id = "urn:uuid:00000000-0000-0000-0000-" + String.format("%012d", ++n);
            xml.append("<rim:ExtrinsicObject id=\"").append(id).append("\" mimeType=\"").append(CdaBuilder.x(entry.mimeType()))
                .append("\" objectType=\"urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1\">")
                .append("<rim:Slot name=\"URI\"><rim:ValueList><rim:Value>").append(CdaBuilder.x(entry.fileName()))
                .append("</rim:Value></rim:ValueList></rim:Slot>")
                .append("<rim:Name><rim:LocalizedString value=\"").append(CdaBuilder.x(entry.title())).append("\"/></rim:Name>")
                .append("<rim:Classification classificationScheme=\"urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d\" classifiedObject=\"")
                .append(id).append("\" nodeRepresentation=\"\"><rim:Slot name=\"authorPerson\"><rim:ValueList><rim:Value>")
                .append(CdaBuilder.x(authorNationalId)).append("^LEFEBVRE^Sophie^^^^^^&amp;1.2.250.1.71.4.2.1&amp;ISO^D^^^IDNPS")
                .append("</rim:Value></rim:ValueList></rim:Slot></rim:Classification>")
                .append("<rim:Classification classificationScheme=\"urn:uuid:f0306f51-975f-434e-a61c-c59651d33983\" classifiedObject=\"")
                .append(id).append("\" nodeRepresentation=\"").append(CdaBuilder.x(entry.typeCode())).append("\"><rim:Name>")
                .append("<rim:LocalizedString value=\"").append(CdaBuilder.x(entry.typeDisplay())).append("\"/></rim:Name>")
                .append("</rim:Classification>");
            for (String code : entry.confidentiality()) {
                xml.append("<rim:Classification classificationScheme=\"urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f\"")
                    .append(" classifiedObject=\"").append(id).append("\" nodeRepresentation=\"").append(CdaBuilder.x(code))
                    .append("\"/>");
            }
            xml.append("<rim:ExternalIdentifier identificationScheme=\"urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427\" value=\"")
                .append(patientId).append("\" registryObject=\"").append(id).append("\"/></rim:ExtrinsicObject>");
        }
        xml.append("</rim:RegistryObjectList></lcm:SubmitObjectsRequest>\n");
        return xml.toString();
    }
}
