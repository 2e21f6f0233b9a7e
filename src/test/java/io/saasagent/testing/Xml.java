package io.saasagent.testing;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body the way the real API would: as XML. Parsed without namespace awareness,
 * so XPath uses the local names of a default-namespace document ({@code //Change/Action}).
 */
public final class Xml {
    private final Document document;

    private Xml(Document document) {
        this.document = document;
    }

    public static Xml parse(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Xml(factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + body, e);
        }
    }

    public String rootName() {
        return document.getDocumentElement().getNodeName();
    }

    public String rootNamespace() {
        return document.getDocumentElement().getAttribute("xmlns");
    }

    public List<String> texts(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add(nodes.item(i).getTextContent());
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("bad XPath " + xpath, e);
        }
    }

    public String text(String xpath) {
        List<String> all = texts(xpath);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + xpath + ", found " + all);
        }
        return all.get(0);
    }
}
