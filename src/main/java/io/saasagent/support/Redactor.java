package io.saasagent.support;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from any text before it is stored, answered or logged: every configured secret
 * value, URL userinfo ({@code scheme://user:pass@host}), bearer tokens and {@code key=value}
 * credentials. Errors from client libraries quote URLs and sometimes passwords; this is the one
 * place they pass through.
 */
public final class Redactor {
    public static final String MASK = "***";
    private static final int MIN_SECRET_LENGTH = 4;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Pattern USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    /** A key named like a credential and its value; not the agent's own words after a key ("tsig-secret: is required"). */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|apikey|auth)[\"']?\\s*[=:]\\s*[\"']?)"
                    + "(?!(?:is|must|not|names|required|unknown|missing|empty|cannot|was)(?:\\s|$))[^\\s\"',;&}]+");

    private Redactor() {
    }

    /** Remembers a secret value so that it is masked wherever it appears later. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            SECRETS.add(secret);
        }
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // The shapes first: a registered secret that is also a key's name ("secret") must not hide the value after it.
        String out = USERINFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        out = BEARER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        // Longest first: a secret that holds a shorter one is masked whole, never down to its visible rest.
        for (String secret : SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /** A URL fit to show: userinfo removed. */
    public static String safeUrl(String url) {
        return url == null ? null : USERINFO.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }
}
