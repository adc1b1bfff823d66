package dev.greenwire.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Array columns read in binary (those whose element type {@link BinaryValues} reads in binary):
 * the elements' texts, each as the server writes that element type, nested for several
 * dimensions, and the array's text rebuilt as the server's {@code array_out} writes it —
 * {@code {1,NULL,3}}, {@code {"2024-01-02 03:04:05","\\x00ff"}}, {@code [0:1]={7,8}} — so that
 * every getter gives what it gives from the text.
 */
final class BinaryArrays {
    private BinaryArrays() {
    }

    /** One element's text from its binary value. */
    interface ElementText {
        String text(byte[] b, int off, int len) throws SQLException;
    }

    /**
     * An array's elements as texts: Strings, nulls and nested Lists.
     *
     * @param texts the elements
     * @param bounds the bounds decoration the text starts with ({@code [0:1]=}), or "" when every
     *               lower bound is 1
     */
    record Texts(List<Object> texts, String bounds) {
        /** @return the array's text, as the server writes it */
        String literal() {
            StringBuilder sb = new StringBuilder(bounds);
            append(texts, sb);
            return sb.toString();
        }
    }

    /**
     * @param elem the element type the array must have
     * @throws SQLException (22P03) for a malformed array
     */
    static Texts read(byte[] b, int off, int len, int elem, ElementText et) throws SQLException {
        if (len < 12) {
            throw malformed("shorter than its header");
        }
        int ndim = BinaryValues.i32(b, off);
        int got = BinaryValues.i32(b, off + 8);
        if (got != elem) {
            throw malformed("elements of type " + got + ", expected " + elem);
        }
        if (ndim == 0) {
            return new Texts(new ArrayList<>(), "");
        }
        if (ndim < 0 || len < 12 + 8L * ndim) {
            throw malformed(ndim + " dimensions");
        }
        int[] dims = new int[ndim];
        boolean one = true;
        int p = off + 12;
        for (int i = 0; i < ndim; i++) {
            dims[i] = BinaryValues.i32(b, p);
            one &= BinaryValues.i32(b, p + 4) == 1;
            p += 8;
        }
        String bounds = "";
        if (!one) { // the decoration, only for the arrays that have one
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < ndim; i++) {
                int lower = BinaryValues.i32(b, off + 16 + 8 * i);
                sb.append('[').append(lower).append(':').append(lower + dims[i] - 1).append(']');
            }
            bounds = sb.append('=').toString();
        }
        int[] pos = {p};
        List<Object> texts = level(b, pos, off + len, dims, 0, et);
        return new Texts(texts, bounds);
    }

    private static List<Object> level(byte[] b, int[] pos, int end, int[] dims, int depth, ElementText et)
            throws SQLException {
        List<Object> out = new ArrayList<>(dims[depth]);
        for (int i = 0; i < dims[depth]; i++) {
            if (depth < dims.length - 1) {
                out.add(level(b, pos, end, dims, depth + 1, et));
                continue;
            }
            if (pos[0] + 4 > end) {
                throw malformed("truncated");
            }
            int n = BinaryValues.i32(b, pos[0]);
            pos[0] += 4;
            if (n < 0) {
                out.add(null);
                continue;
            }
            if (pos[0] + n > end) {
                throw malformed("truncated");
            }
            out.add(et.text(b, pos[0], n));
            pos[0] += n;
        }
        return out;
    }

    private static SQLException malformed(String why) {
        return new SQLException("malformed binary array: " + why, "22P03");
    }

    /**
     * Appends {@code {a,b}}, an element in double quotes (with {@code "} and {@code \} escaped)
     * when it is empty, reads {@code NULL}, or holds a quote, a backslash, a brace, the comma or
     * white space, as {@code array_out} quotes.
     */
    private static void append(List<?> texts, StringBuilder sb) {
        sb.append('{');
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = texts.get(i);
            if (e == null) {
                sb.append("NULL");
            } else if (e instanceof List<?> sub) {
                append(sub, sb);
            } else {
                String t = (String) e;
                if (!quoted(t)) {
                    sb.append(t);
                    continue;
                }
                sb.append('"');
                for (int k = 0; k < t.length(); k++) {
                    char ch = t.charAt(k);
                    if (ch == '"' || ch == '\\') {
                        sb.append('\\');
                    }
                    sb.append(ch);
                }
                sb.append('"');
            }
        }
        sb.append('}');
    }

    private static boolean quoted(String t) {
        if (t.isEmpty() || t.equalsIgnoreCase("NULL")) {
            return true;
        }
        for (int k = 0; k < t.length(); k++) {
            switch (t.charAt(k)) {
                case '"', '\\', '{', '}', ',', ' ', '\t', '\n', '\r', '\u000b', '\f':
                    return true;
                default:
                    break;
            }
        }
        return false;
    }
}
