package fr.mssnode.dossier.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Function;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The one way the dossier reads XML from the network: namespace aware, secure processing, no DOCTYPE at all (so
 * no external entity, no entity expansion), no XInclude, no external DTD or schema. One parser per thread, built
 * once: building a factory scans the class path, which costs more than parsing a clinical document.
 *
 * <p>Documents can be large (a level-1 CDA embeds a PDF of several megabytes as base64 text). {@link #parse(byte[],
 * Function)} builds the tree from a streaming parse and hands the text of chosen elements to a {@link TextSink}
 * chunk by chunk instead of keeping it in the tree, so such a document costs little more than its own bytes.
 */
public final class SafeXml {
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(SafeXml::newBuilder);
    private static final ThreadLocal<SAXParser> STREAMING = ThreadLocal.withInitial(SafeXml::newStreamingParser);
    private static final XMLInputFactory PEEK = peekFactory();

    /** Where the text of an element goes when it is not kept in the tree. */
    public interface TextSink {
        void text(char[] characters, int start, int length) throws SAXException;

        /** The element ended: the text is complete. */
        void end() throws SAXException;
    }

    /**
     * Deepest element nesting read. Real CDA documents nest a few dozen levels; hostile ones nest 100,000 to overflow
     * the stack of whatever walks the tree afterwards (and slow the parse down quadratically).
     */
    public static final int MAX_DEPTH = 500;
    private static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private SafeXml() {
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute(MAX_ELEMENT_DEPTH, String.valueOf(MAX_DEPTH));
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // errors are thrown, not printed
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The XML parser cannot be made safe: " + e.getMessage(), e);
        }
    }

    private static SAXParser newStreamingParser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            parser.setProperty(MAX_ELEMENT_DEPTH, String.valueOf(MAX_DEPTH));
            return parser;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("The XML parser cannot be made safe: " + e.getMessage(), e);
        }
    }

    private static XMLInputFactory peekFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    /** Parses hostile bytes; a DOCTYPE, malformed XML or an I/O failure throws. */
    public static Document parse(byte[] bytes) throws SAXException, IOException {
        DocumentBuilder builder = BUILDERS.get();
        builder.reset(); // forget the previous document; the features set on the factory stay
        builder.setErrorHandler(new DefaultHandler());
        return builder.parse(new ByteArrayInputStream(bytes));
    }

    /**
     * Parses hostile bytes into a tree, except the text of the elements for which {@code sinks} gives a sink: that
     * text goes to the sink as it is read and the element stays empty in the tree. Comments and processing
     * instructions are not kept.
     */
    public static Document parse(byte[] bytes, Function<Element, Optional<TextSink>> sinks) throws SAXException, IOException {
        Document document = BUILDERS.get().newDocument();
        SAXParser parser = STREAMING.get();
        parser.reset();
        parser.parse(new ByteArrayInputStream(bytes), new TreeBuilder(document, sinks));
        return document;
    }

    /**
     * The name of the root element, read no further than that element's start tag; empty when the bytes are not
     * XML (or declare a DOCTYPE). What a document claims to be, before it is parsed whole.
     */
    public static Optional<QName> rootElement(byte[] bytes) {
        XMLStreamReader reader = null;
        try {
            reader = PEEK.createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return Optional.of(reader.getName());
                }
                if (event == XMLStreamConstants.DTD) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the bytes are in memory
                }
            }
        }
    }

    /** Builds the tree from the streaming parse; text is gathered per run so a long text is one node, copied once. */
    private static final class TreeBuilder extends DefaultHandler {
        private final Document document;
        private final Function<Element, Optional<TextSink>> sinks;
        private final Deque<Node> open = new ArrayDeque<>();
        private final Deque<Optional<TextSink>> openSinks = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();

        TreeBuilder(Document document, Function<Element, Optional<TextSink>> sinks) {
            this.document = document;
            this.sinks = sinks;
            open.push(document);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            flushText();
            if (open.size() > MAX_DEPTH) {
                throw new SAXException("elements are nested deeper than " + MAX_DEPTH + " levels");
            }
            Element element;
            try {
                element = document.createElementNS(uri == null || uri.isEmpty() ? null : uri, qName);
                for (int i = 0; i < attributes.getLength(); i++) {
                    String attributeUri = attributes.getURI(i);
                    element.setAttributeNS(attributeUri == null || attributeUri.isEmpty() ? null : attributeUri,
                        attributes.getQName(i), attributes.getValue(i));
                }
            } catch (org.w3c.dom.DOMException e) {
                throw new SAXException("invalid element or attribute name in <" + qName + "> (" + e.getMessage() + ")");
            }
            open.peek().appendChild(element);
            open.push(element);
            openSinks.push(sinks.apply(element));
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            Optional<TextSink> sink = openSinks.pop();
            if (sink.isPresent()) {
                sink.get().end();
            } else {
                flushText();
            }
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            Optional<TextSink> sink = openSinks.isEmpty() ? Optional.empty() : openSinks.peek();
            if (sink.isPresent()) {
                sink.get().text(ch, start, length);
            } else if (open.size() > 1) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            characters(ch, start, length);
        }

        private void flushText() {
            if (text.length() > 0) {
                open.peek().appendChild(document.createTextNode(text.toString()));
                text.setLength(0);
            }
        }

        @Override
        public void error(org.xml.sax.SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
