package io.saasagent.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The few XML reads and writes the AWS answers need (S3's ListBucketResult, Route 53's REST-XML, STS): a scanner of
 * element bodies by name and entity (un)escaping. No javax.xml, no DOM: issue 17, the binary's size (java.xml alone was
 * ~1.9 MB of code). The answers read here nest no element inside one of its own name.
 */
public final class XmlText {
    private XmlText() {
    }

    /** The bodies of every {@code <name>...</name>} element in {@code xml} (S3's answers nest no element in one of its own name). */
    public static List<String> elements(String xml, String name) {
        List<String> found = new ArrayList<>();
        String close = "</" + name + ">";
        int at = 0;
        while ((at = open(xml, name, at)) >= 0) {
            int gt = xml.indexOf('>', at);
            if (gt < 0) {
                break;
            }
            if (xml.charAt(gt - 1) == '/') { // <name/>
                found.add("");
                at = gt + 1;
                continue;
            }
            int end = xml.indexOf(close, gt);
            if (end < 0) {
                break;
            }
            found.add(xml.substring(gt + 1, end));
            at = end + close.length();
        }
        return found;
    }

    /** The text of the first {@code <name>} element, entities decoded; null if there is none. */
    public static String text(String xml, String name) {
        List<String> e = xml == null ? List.of() : elements(xml, name).stream().limit(1).toList();
        return e.isEmpty() ? null : unescape(e.get(0));
    }

    private static int open(String xml, String name, int from) {
        String tag = "<" + name;
        for (int at = xml.indexOf(tag, from); at >= 0; at = xml.indexOf(tag, at + 1)) {
            int after = at + tag.length();
            if (after < xml.length() && (xml.charAt(after) == '>' || xml.charAt(after) == '/' || Character.isWhitespace(xml.charAt(after)))) {
                return at;
            }
        }
        return -1;
    }

    public static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi < 0) {
                sb.append(c);
                continue;
            }
            String entity = s.substring(i + 1, semi);
            switch (entity) {
                case "amp" -> sb.append('&');
                case "lt" -> sb.append('<');
                case "gt" -> sb.append('>');
                case "quot" -> sb.append('"');
                case "apos" -> sb.append('\'');
                default -> {
                    try {
                        boolean hex = entity.startsWith("#x");
                        sb.appendCodePoint(Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10));
                    } catch (RuntimeException notANumber) { // not an entity we know: left as it came
                        sb.append('&').append(entity).append(';');
                    }
                }
            }
            i = semi;
        }
        return sb.toString();
    }

    /** A value for an element body or attribute: the five predefined entities. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
