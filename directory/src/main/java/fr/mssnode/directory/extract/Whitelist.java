package fr.mssnode.directory.extract;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads the MSSanté whitelist (namespace {@value #NAMESPACE}): the domains at //Domaine/Nom. */
final class Whitelist {
    static final String NAMESPACE = "https://listeblanche.mssante.fr/schema";
    private static final long MAX_BYTES = 20L * 1024 * 1024;

    private Whitelist() {
    }

    static List<String> domains(InputStream in, String fileName) throws IOException {
        Document document;
        try {
            document = parser().parse(new org.xml.sax.InputSource(new BoundedInputStream(in, MAX_BYTES, fileName)));
        } catch (SAXException bad) {
            throw new ExtractException(fileName + " is not a readable whitelist XML: " + bad.getMessage());
        }
        List<String> domains = new ArrayList<>();
        NodeList nodes = document.getElementsByTagNameNS("*", "Domaine");
        for (int i = 0; i < nodes.getLength(); i++) {
            NodeList names = ((Element) nodes.item(i)).getElementsByTagNameNS("*", "Nom");
            for (int j = 0; j < names.getLength(); j++) {
                domains.add(names.item(j).getTextContent().trim());
            }
        }
        if (domains.isEmpty()) {
            throw new ExtractException(fileName + " lists no domain (no Domaine/Nom element): is it the MSSanté whitelist?");
        }
        return domains;
    }

    /** DTDs and external entities refused outright: this file comes from outside. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // A whitelist is a flat list; a hostile one nests 100,000 levels to overflow the stack of the tree walk.
            factory.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", "100");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // errors throw, nothing printed
            return builder;
        } catch (ParserConfigurationException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private final long max;
        private final String fileName;
        private long count;

        BoundedInputStream(InputStream in, long max, String fileName) {
            super(in);
            this.max = max;
            this.fileName = fileName;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) {
                throw new ExtractException(fileName + " is larger than " + max / 1024 / 1024 + " MB: not a whitelist.");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (count += n) > max) {
                throw new ExtractException(fileName + " is larger than " + max / 1024 / 1024 + " MB: not a whitelist.");
            }
            return n;
        }
    }
}
