package dev.robotledger.gateway.web;

import java.util.List;
import java.util.Locale;

/** Whether a request's {@code Accept-Encoding} (RFC 9110, 12.5.3) lets a response be gzip. */
public final class AcceptEncoding {

    private AcceptEncoding() {}

    /**
     * True when {@code gzip} (or {@code x-gzip}) is listed with a weight above 0, or {@code *} is and
     * gzip is not refused by name. No header at all means no preference: such clients get identity,
     * since the header is how HTTP clients say they can decode.
     */
    public static boolean allowsGzip(List<String> headerValues) {
        Double gzip = null;
        Double any = null;
        for (String value : headerValues) {
            for (String coding : value.split(",")) {
                String[] parts = coding.split(";");
                String name = parts[0].trim().toLowerCase(Locale.ROOT);
                double weight = weight(parts);
                if (name.equals("gzip") || name.equals("x-gzip")) {
                    gzip = gzip == null ? weight : Math.max(gzip, weight);
                } else if (name.equals("*")) {
                    any = weight;
                }
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 2 && (parameter.startsWith("q=") || parameter.startsWith("Q="))) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException malformed) {
                    return 0; // an unreadable weight is not taken as consent
                }
            }
        }
        return 1;
    }
}
